#!/usr/bin/env python3
"""Python's SimpleXMLRPCServer, for the Go client's tests: the multicall
specification's dialect (register_multicall_functions wraps each value in an
array of one) and Python's own fault strings.

Listens on 127.0.0.1 on a free port, prints the port on stdout, and serves
until stdin closes (the test ends).
"""
import sys
import threading
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler


class Quiet(SimpleXMLRPCRequestHandler):
    def log_message(self, format, *args):
        pass


def add(a, b):
    return a + b


def echo(v):
    return v


def fail(msg):
    raise ValueError(msg)


def info(name):
    if name != "web":
        raise LookupError(name)
    return {"name": "web", "pid": 42, "extra": [1, 2]}


server = SimpleXMLRPCServer(("127.0.0.1", 0), requestHandler=Quiet, logRequests=False,
                            allow_none=True, use_builtin_types=True)
for f in (add, echo, fail, info):
    server.register_function(f)
server.register_multicall_functions()
server.register_introspection_functions()
print(server.server_address[1], flush=True)
threading.Thread(target=server.serve_forever, daemon=True).start()
sys.stdin.read()  # until the test closes it
