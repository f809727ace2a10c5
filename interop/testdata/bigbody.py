#!/usr/bin/env python3
"""Sends a call whose body is larger than the server accepts, as Python
clients send it (the whole body before reading the answer), and prints
what the client sees: 'ProtocolError <code>' or the exception's type.

usage: python3 bigbody.py URL USER PASSWORD BYTES [supervisor]

With 'supervisor', the call goes through supervisorctl's own transport
(supervisor.xmlrpc.SupervisorTransport), as supervisorctl sends it.
"""
import sys
import xmlrpc.client

url, user, password, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
if len(sys.argv) > 5 and sys.argv[5] == 'supervisor':
    from supervisor.xmlrpc import SupervisorTransport
    transport = SupervisorTransport(user or None, password or None, url)
    proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=transport)
else:
    if user:
        url = url.replace('http://', 'http://%s:%s@' % (user, password), 1)
    proxy = xmlrpc.client.ServerProxy(url)
try:
    proxy.cache.store('k', 'x' * size)
    print('ok')
except xmlrpc.client.ProtocolError as e:
    print('ProtocolError %d' % e.errcode)
except Exception as e:
    print(type(e).__name__)
