#!/usr/bin/env python3
"""Calls an XML-RPC server with Python's xmlrpc.client, for interop tests.

usage: python3 pyclient.py URL [--allow-none] [--builtin-types] < calls.json

calls.json is a JSON list of Python expressions, each evaluated with
  s          an xmlrpc.client.ServerProxy for URL (allow_none and
             use_builtin_types as the flags say)
  DateTime, Binary, Fault, datetime  from xmlrpc.client and datetime
  I8(n)      an int that is sent as <i8> (xmlrpc.client itself refuses
             ints beyond 32 bits)
  multicall(('ns.method', arg, ...), ...)  the calls through
             xmlrpc.client.MultiCall; a Fault in the result is returned in
             its place
and the output is a JSON list with one line of text per expression: the
result shown by show() below, or the exception it raised.
"""
import datetime as _datetime
import json
import sys
import xmlrpc.client
from xmlrpc.client import Binary, DateTime, Fault, ProtocolError


class I8(int):
    """An int that xmlrpc.client sends as <i8>."""


def _dump_i8(marshaller, value, write):
    write('<value><i8>%d</i8></value>\n' % int(value))


xmlrpc.client.Marshaller.dispatch[I8] = _dump_i8


def show(v):
    """Text that pins down both the type and the value of v."""
    if v is None or isinstance(v, (bool, str, bytes, float)):
        return repr(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, DateTime):
        return 'DateTime(%r)' % v.value
    if isinstance(v, _datetime.datetime):
        return 'datetime(%r)' % v.isoformat()
    if isinstance(v, Binary):
        return 'Binary(%r)' % v.data
    if isinstance(v, Fault):
        return 'Fault(%d, %r)' % (v.faultCode, v.faultString)
    if isinstance(v, ProtocolError):
        return 'ProtocolError(%d, %r)' % (v.errcode, v.errmsg)
    if isinstance(v, (list, tuple)):
        return '[' + ', '.join(show(x) for x in v) + ']'
    if isinstance(v, dict):
        return '{' + ', '.join('%r: %s' % (k, show(v[k])) for k in sorted(v)) + '}'
    return '%s(%r)' % (type(v).__name__, v)


def main():
    url = sys.argv[1]
    s = xmlrpc.client.ServerProxy(url, allow_none='--allow-none' in sys.argv,
                                  use_builtin_types='--builtin-types' in sys.argv)

    def multicall(*calls):
        m = xmlrpc.client.MultiCall(s)
        for name, *args in calls:
            f = m
            for part in name.split('.'):
                f = getattr(f, part)
            f(*args)
        results = m()
        out = []
        for i in range(len(calls)):
            try:
                out.append(results[i])
            except Fault as e:
                out.append(e)
        return out

    env = {'s': s, 'DateTime': DateTime, 'Binary': Binary, 'Fault': Fault,
           'datetime': _datetime.datetime, 'I8': I8, 'multicall': multicall}
    out = []
    for expr in json.load(sys.stdin):
        try:
            out.append(show(eval(expr, env)))
        except (Fault, ProtocolError) as e:
            out.append(show(e))
        except Exception as e:
            out.append('%s: %s' % (type(e).__name__, e))
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
