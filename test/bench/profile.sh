#!/usr/bin/env bash
# Copyright (c) 2026 The Boost.WebSocketIO authors
# Distributed under the Boost Software License, Version 1.0.
# (See accompanying file LICENSE_1_0.txt or copy at
# http://www.boost.org/LICENSE_1_0.txt)
#
# profile.sh: where does wsio-echo spend its CPU? Runs wsio-echo on CPU 0
# under `perf record` while wsio-loadgen drives it from CPU 1, then prints
# the flat profile (self time), the inclusive profile (children) and the
# split kernel / wsio-echo / libc.
#
#   test/bench/profile.sh [--build-dir DIR] [--out DIR] [--seconds N]
#                         [-- LOADGEN-ARGS...]
#
# LOADGEN-ARGS default to the main case: -c 100 -p 64 -s 16.
# Needs `perf` (Debian: apt-get install linux-perf). Call stacks use DWARF
# unwinding, so a Release build (no -g, no frame pointers) still works.
# The perf.data file is kept in DIR (default: a new temporary directory).

set -u
BUILD_DIR=${WSIO_BUILD_DIR:-}
OUT=
SECS=4
while [ $# -gt 0 ]; do
    case "$1" in
        --build-dir) BUILD_DIR=$2; shift ;;
        --out) OUT=$2; shift ;;
        --seconds) SECS=$2; shift ;;
        --) shift; break ;;
        *) echo "usage: profile.sh [--build-dir DIR] [--out DIR] [--seconds N] [-- LOADGEN-ARGS...]" >&2; exit 2 ;;
    esac
    shift
done
ARGS=("$@")
[ ${#ARGS[@]} -eq 0 ] && ARGS=(-c 100 -p 64 -s 16)
LOADGEN=$BUILD_DIR/test/bench/wsio-loadgen
WSIO=$BUILD_DIR/example/echo/wsio-echo
for b in "$LOADGEN" "$WSIO"; do
    [ -x "$b" ] || { echo "profile.sh: missing $b (give --build-dir)" >&2; exit 2; }
done
command -v perf >/dev/null || { echo "profile.sh: perf not found (apt-get install linux-perf)" >&2; exit 2; }
[ -n "$OUT" ] || OUT=$(mktemp -d "${TMPDIR:-/tmp}/wsio-profile.XXXXXX")
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)" 2>/dev/null

PORT=$((20000 + RANDOM % 12000))
taskset -c 0 "$WSIO" --port "$PORT" --address 127.0.0.1 >"$OUT/server.log" 2>&1 &
SP=$!
trap 'kill -KILL $SP 2>/dev/null' EXIT
for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.025
done
perf record -e cpu-clock -F 1999 --call-graph dwarf,16384 -p "$SP" \
    -o "$OUT/perf.data" -- sleep "$((SECS + 1))" >"$OUT/perf.log" 2>&1 &
PP=$!
taskset -c 1 "$LOADGEN" --url "ws://127.0.0.1:$PORT/" --server-pid "$SP" \
    -w 0.5 -d "$SECS" "${ARGS[@]}" | grep '^RESULT'
wait "$PP"
kill -TERM "$SP" 2>/dev/null
wait "$SP" 2>/dev/null

rep() { perf report -i "$OUT/perf.data" --stdio -g none "$@" 2>/dev/null | grep '%' | cut -c1-160; }
echo "== split by binary"
rep --no-children --sort dso | head -n 6
echo "== self time (top 40)"
rep --no-children --sort symbol | head -n 40
echo "== inclusive time (top 60)"
rep --children --sort symbol | head -n 60
echo "== perf data: $OUT/perf.data (perf report -i $OUT/perf.data)"
