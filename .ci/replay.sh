#!/usr/bin/env bash
# Starts two example hosts on the conformance corpus's configs (the second
# with Basic auth) and runs the corpus's replay.py against them. With the
# supervisor namespace in the example host the full configs are used.
set -euo pipefail
shared=${1:?usage: replay.sh SHARED_DIR}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/rpchost" ./example/cmd/rpchost
mkdir -p /tmp/conformance-home /tmp/conformance-run/auth

start() { # config port
	HOME=/tmp/conformance-home "$work/rpchost" -c "$1" -listen "127.0.0.1:$2" >"$work/host-$2.log" 2>&1 &
	pids+=($!)
	for _ in $(seq 100); do
		if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then return 0; fi
		sleep 0.1
	done
	echo "host on $2 did not start:"; cat "$work/host-$2.log"; return 1
}

skip=()
if grep -q 'supervisor.rpcinterface:make_main_rpcinterface' example/cmd/rpchost/*.go example/*/*.go 2>/dev/null; then
	main_conf=$shared/conformance/supervisord.conf
	auth_conf=$shared/conformance/supervisord-auth.conf
else
	main_conf=testdata/conformance-supervisord.conf
	auth_conf=testdata/conformance-supervisord-auth.conf
	skip=(--skip-category supervisor-ns)
fi
start "$main_conf" 19001
start "$auth_conf" 19002
replay() {
	python3 "$shared/conformance/replay.py" "$@" "${skip[@]}" | tee "$work/replay.out"
	tail -1 "$work/replay.out" | grep -q ', 0 failed$'
}
echo "--- the corpus, auth cases on the auth host"
replay http://127.0.0.1:19001 --auth-url http://127.0.0.1:19002
echo "--- the whole corpus against the auth host, with its credentials"
replay http://127.0.0.1:19002 --auth user:123 --auth-url http://127.0.0.1:19002
