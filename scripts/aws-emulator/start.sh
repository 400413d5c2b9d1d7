#!/usr/bin/env bash
# Starts the AWS emulator (moto's server, pinned tree in moto-tree.tgz) on 127.0.0.1:PORT and
# prints its PID on stdout once it answers. Stop it with: kill PID (it runs in its own session).
#   usage: start.sh PORT [CACHE_DIR]     (--check: only whether the dependencies are there; CACHE_DIR: where the tree is unpacked; default /tmp/skiff-aws-emulator)
# Settings applied after start (see README.md): ECS tasks stay RUNNING until StopTask; Lambda
# Invoke echoes its payload (no Docker). Log: $CACHE_DIR/moto-PORT.log
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=${1:?usage: start.sh PORT [CACHE_DIR] | start.sh --check}
CACHE=${2:-/tmp/skiff-aws-emulator}
TREE=$CACHE/tree-$(sha1sum "$HERE/moto-tree.tgz" | cut -c1-12)
# Debian's python3 is the one install.sh provides packages for (a pyenv or venv python3 on PATH may lack them).
PY=/usr/bin/python3; [[ -x $PY ]] || PY=$(command -v python3)
[[ -n $PY ]] && "$PY" -c 'import flask, werkzeug, boto3, xmltodict, jinja2, responses' 2>/dev/null ||
  { echo "aws-emulator: missing dependencies; run $HERE/install.sh (as root)" >&2; exit 1; }
[[ $PORT == --check ]] && exit 0
if [[ ! -d $TREE/moto ]]; then
  mkdir -p "$CACHE"; tmp=$(mktemp -d "$CACHE/unpack.XXXXXX")
  tar -xzf "$HERE/moto-tree.tgz" -C "$tmp" && { mv -T "$tmp" "$TREE" 2>/dev/null || rm -rf "$tmp"; }
fi
LOG=$CACHE/moto-$PORT.log
cd "$TREE"
PYTHONPATH="$TREE/stubs:$TREE" setsid "$PY" -m moto.server -H 127.0.0.1 -p "$PORT" >"$LOG" 2>&1 &
PID=$!
for _ in $(seq 1 300); do
  curl -s -o /dev/null -m 1 "http://127.0.0.1:$PORT/moto-api/data.json" && break
  kill -0 "$PID" 2>/dev/null || { tail -5 "$LOG" >&2; echo "aws-emulator: exited before answering" >&2; exit 1; }
  sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$PORT/moto-api/data.json" || { kill "$PID"; echo "aws-emulator: no answer in 30 s" >&2; exit 1; }
api() { curl -sf -X POST "http://127.0.0.1:$PORT/moto-api/$1" -H 'content-type: application/json' -d "$2" >/dev/null; }
api state-manager/set-transition '{"model_name":"ecs::task","transition":{"progression":"manual","times":1000000}}'
api config '{"lambda":{"use_docker":false}}'
echo "$PID"
