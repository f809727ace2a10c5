#!/usr/bin/env python3
"""Record real supervisord's answers to the operator scenario in scenario.json.

usage: /usr/bin/python3 capture.py [--supervisord /usr/bin/supervisord] [--out FILE]

Starts supervisord 4.2.5 (nodaemon) on a temporary directory with the config
CONFIGS['v1'] below, runs SCENARIO against it over its unix socket, and writes
every call and answer, the configs and the file checks to scenario.json (next to
this script by default). The Go test TestOperatorScenario
(example/cmd/rpchost/scenario_test.go) replays the same steps against the example
host and compares the answers, normalised (see README.md in this directory).
supervisord is stopped at the end (it shuts down as the last step; it is killed
if it does not exit). Standard library only, apart from supervisord itself.

Steps:
  {"call": M, "params": [...]}            one call; its answer is recorded
  ... "until": V                          call again (every 0.1 s, up to 30 s) until
                                          the answer equals V, or, when V is an object,
                                          until the answer is a struct holding V's
                                          keys and values; the last answer is recorded
  {"config": NAME}                        write CONFIGS[NAME] over the config file
  {"file": PATH, "exists": B}             PATH (relative to the directory) exists or not;
                                          "content": "pid" checks it holds the pid
                                          of the server and a newline
  {"wait_exit": true}                     wait until the server has exited
"""
import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))

# {dir} is the temporary directory. Every program sets stopasgroup (so
# killasgroup) explicitly: the example host's default for it differs from
# supervisord's on purpose (see example/procman). stubborn ignores SIGTERM, so
# that stopping it takes stopwaitsecs: the window in which the SHUTDOWN_STATE
# answers are recorded.
COMMON = """
[supervisord]
logfile = {dir}/supervisord.log
pidfile = {dir}/supervisord.pid
childlogdir = {dir}
loglevel = info

[unix_http_server]
file = {dir}/s.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:cat]
command = cat
startsecs = 0
stopasgroup = true
stdout_logfile_maxbytes = 1KB
stdout_logfile_backups = 2

[program:sleeper]
command = sleep 1000
startsecs = 0
stopasgroup = true

[program:closed]
command = sh -c 'exec 0<&-; exec sleep 1000'
startsecs = 0
stopasgroup = true

[program:quiet]
command = sh -c 'echo hi; exec sleep 1000'
autostart = false
startsecs = 0
stopasgroup = true

[program:stubborn]
command = sh -c 'trap "" TERM; while :; do sleep 1; done'
startsecs = 0
stopasgroup = true
stopwaitsecs = 4
priority = 1

[group:grp]
programs = b,a

[program:a]
command = sleep 1000
autostart = false
startsecs = 0
stopasgroup = true
priority = 7

[program:b]
command = sleep 1000
autostart = false
startsecs = 0
stopasgroup = true
priority = 5
"""

V1_EXTRA = """
[program:gone]
command = sleep 1000
startsecs = 0
stopasgroup = true

[program:changeme]
command = sleep 1000
startsecs = 0
stopasgroup = true
"""

V2_EXTRA = """
[program:changeme]
command = sleep 2000
startsecs = 0
stopasgroup = true

[program:newprog]
command = sleep 1000
startsecs = 0
stopasgroup = true
redirect_stderr = true
"""

CONFIGS = {
    'v1': COMMON + V1_EXTRA,
    'v2': COMMON + V2_EXTRA,
    'no-command': COMMON + V2_EXTRA + "\n[program:broken]\nautostart = true\n",
    'bad-value': COMMON + V2_EXTRA + "\n[program:broken]\ncommand = sleep 1\nstartsecs = soon\n",
}

RUNNING = {'statename': 'RUNNING'}


def call(m, *params, until=None):
    step = {'call': m, 'params': list(params)}
    if until is not None:
        step['until'] = until
    return step


SCENARIO = [
    {'file': 'supervisord.pid', 'exists': True, 'content': 'pid'},
    # Autostart: wait until every autostart process runs.
    *[call('supervisor.getProcessInfo', n, until=RUNNING)
      for n in ['cat', 'sleeper', 'closed', 'stubborn', 'gone', 'changeme']],
    call('supervisor.getAllConfigInfo'),

    # sendProcessStdin (supervisorctl fg) and its faults.
    call('supervisor.sendProcessStdin', 'cat', 'hello\n'),
    call('supervisor.readProcessStdoutLog', 'cat', 0, 0, until='hello\n'),
    call('supervisor.sendProcessStdin', 'cat', 5),
    call('supervisor.sendProcessStdin', 'nosuch', 'x'),
    call('supervisor.sendProcessStdin', 'grp:*', 'x'),
    call('supervisor.sendProcessStdin', 'quiet', 'x'),
    call('supervisor.sendProcessStdin', 'closed', 'x'),
    call('supervisor.sendProcessStdin', 'closed', 'x'),

    # clear: a stopped process's logs are left alone; a running one's cleared.
    call('supervisor.startProcess', 'quiet'),
    call('supervisor.readProcessStdoutLog', 'quiet', 0, 0, until='hi\n'),
    call('supervisor.stopProcess', 'quiet'),
    call('supervisor.clearProcessLogs', 'quiet'),
    call('supervisor.readProcessStdoutLog', 'quiet', 0, 0),
    call('supervisor.clearProcessLogs', 'cat'),
    call('supervisor.readProcessStdoutLog', 'cat', 0, 0),
    call('supervisor.clearAllProcessLogs'),
    call('supervisor.readProcessStdoutLog', 'quiet', 0, 0),

    # remove and add (supervisorctl remove, add) and their faults.
    call('supervisor.removeProcessGroup', 'nosuch'),
    call('supervisor.removeProcessGroup', 'sleeper'),
    call('supervisor.removeProcessGroup', 'grp'),
    call('supervisor.removeProcessGroup', 'grp'),
    call('supervisor.getAllConfigInfo'),
    call('supervisor.addProcessGroup', 'grp'),
    call('supervisor.addProcessGroup', 'grp'),
    call('supervisor.addProcessGroup', 'nosuch'),
    call('supervisor.startProcessGroup', 'grp'),

    # reread (reloadConfig) with nothing changed, then after an edit, and
    # update as supervisorctl does it.
    call('supervisor.reloadConfig'),
    {'config': 'v2'},
    call('supervisor.reloadConfig'),
    call('supervisor.getAllConfigInfo'),
    call('supervisor.reloadConfig'),
    call('supervisor.stopProcessGroup', 'gone'),
    call('supervisor.removeProcessGroup', 'gone'),
    call('supervisor.stopProcessGroup', 'changeme'),
    call('supervisor.removeProcessGroup', 'changeme'),
    call('supervisor.addProcessGroup', 'changeme'),
    call('supervisor.addProcessGroup', 'newprog'),
    call('supervisor.getProcessInfo', 'newprog', until=RUNNING),
    call('supervisor.getProcessInfo', 'changeme', until=RUNNING),
    call('supervisor.reloadConfig'),
    call('supervisor.getAllConfigInfo'),
    call('supervisor.getAllProcessInfo'),

    # A config file that does not read: CANT_REREAD, nothing changes.
    {'config': 'no-command'},
    call('supervisor.reloadConfig'),
    {'config': 'bad-value'},
    call('supervisor.reloadConfig'),
    {'config': 'v2'},
    call('supervisor.reloadConfig'),

    # restart (supervisorctl reload): while the processes stop (stubborn
    # takes stopwaitsecs), every method answers SHUTDOWN_STATE.
    call('supervisor.restart'),
    call('supervisor.reloadConfig'),
    call('supervisor.addProcessGroup', 'gone'),
    call('supervisor.removeProcessGroup', 'gone'),
    call('supervisor.sendProcessStdin', 'cat', 'x'),
    call('supervisor.restart'),
    call('supervisor.getAllConfigInfo'),
    call('supervisor.getState', until={'statename': 'RUNNING'}),
    *[call('supervisor.getProcessInfo', n, until=RUNNING)
      for n in ['cat', 'sleeper', 'closed', 'stubborn', 'changeme', 'newprog']],
    call('supervisor.getAllProcessInfo'),
    {'file': 'supervisord.pid', 'exists': True, 'content': 'pid'},

    # shutdown: SHUTDOWN_STATE while stubborn stops, then pidfile and socket
    # are gone.
    call('supervisor.shutdown'),
    call('supervisor.getState'),
    call('supervisor.shutdown'),
    {'wait_exit': True},
    {'file': 'supervisord.pid', 'exists': False},
    {'file': 's.sock', 'exists': False},
]


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__('localhost', timeout=60)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(60)
        self.sock.connect(self.path)


def rpc(sock, method, params):
    """One call; returns the answer as JSON-able data, or raises OSError."""
    body = xmlrpc.client.dumps(tuple(params), method).encode()
    conn = UnixConnection(sock)
    try:
        conn.request('POST', '/RPC2', body, {'Content-Type': 'text/xml'})
        resp = conn.getresponse()
        data = resp.read()
    except (http.client.HTTPException, ConnectionError) as e:
        raise OSError(str(e))
    finally:
        conn.close()
    if resp.status != 200:
        return {'http_status': resp.status}
    try:
        (value,), _ = xmlrpc.client.loads(data)
    except xmlrpc.client.Fault as f:
        return {'fault': {'faultCode': f.faultCode, 'faultString': f.faultString}}
    return {'value': value}


def holds(answer, until):
    if 'value' not in answer:
        return False
    v = answer['value']
    if isinstance(until, dict):
        return isinstance(v, dict) and all(v.get(k) == w for k, w in until.items())
    return v == until


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--supervisord', default='/usr/bin/supervisord')
    ap.add_argument('--out', default=os.path.join(HERE, 'scenario.json'))
    a = ap.parse_args()

    d = tempfile.mkdtemp(prefix='sv')  # short: a socket path has ~100 bytes
    conf = os.path.join(d, 'supervisord.conf')
    sock = os.path.join(d, 's.sock')

    def write_config(name):
        with open(conf, 'w') as f:
            f.write(CONFIGS[name].format(dir=d))

    write_config('v1')
    out = open(os.path.join(d, 'out.txt'), 'w')
    proc = subprocess.Popen([a.supervisord, '-n', '-c', conf], stdout=out, stderr=subprocess.STDOUT)
    recorded = []
    try:
        deadline = time.time() + 30
        while not os.path.exists(sock):
            if time.time() > deadline or proc.poll() is not None:
                sys.exit('supervisord did not start: see ' + out.name)
            time.sleep(0.1)
        version = rpc(sock, 'supervisor.getSupervisorVersion', [])['value']
        for step in SCENARIO:
            rec = dict(step)
            if 'config' in step:
                write_config(step['config'])
            elif 'file' in step:
                path = os.path.join(d, step['file'])
                if os.path.exists(path) != step['exists']:
                    sys.exit('%s: exists %s, expected %s' % (step['file'], os.path.exists(path), step['exists']))
                if step.get('content') == 'pid' and open(path).read() != '%d\n' % proc.pid:
                    sys.exit('%s does not hold the pid %d' % (step['file'], proc.pid))
            elif 'wait_exit' in step:
                proc.wait(60)
            else:
                deadline = time.time() + 30
                while True:
                    try:
                        answer = rpc(sock, step['call'], step['params'])
                    except OSError as e:  # restarting: the socket is reopened
                        answer = {'error': str(e)}
                    if 'until' not in step or holds(answer, step['until']) or time.time() > deadline:
                        break
                    time.sleep(0.1)
                if 'until' in step and not holds(answer, step['until']):
                    sys.exit('%s%r never answered %r: %r' % (step['call'], step['params'], step['until'], answer))
                rec['answer'] = answer
            recorded.append(rec)
            print(json.dumps(rec)[:160])
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        out.close()
    doc = {
        'supervisord': version,
        'note': 'Recorded by capture.py from real supervisord; replayed by '
                'example/cmd/rpchost/scenario_test.go. Do not edit: capture again.',
        'dir': d,
        'configs': CONFIGS,
        'steps': recorded,
    }
    with open(a.out, 'w') as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write('\n')
    shutil.rmtree(d)
    print('wrote', a.out)


if __name__ == '__main__':
    main()
