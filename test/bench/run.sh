#!/usr/bin/env bash
# Copyright (c) 2026 The Boost.WebSocketIO authors
# Distributed under the Boost Software License, Version 1.0.
# (See accompanying file LICENSE_1_0.txt or copy at
# http://www.boost.org/LICENSE_1_0.txt)
#
# run.sh: echo servers side by side in one run, as the project's rules for
# performance figures ask: wsio-echo (example/echo), the Boost.Beast echo baseline and
# rawecho (the floor: upgrade, then raw TCP echo, no WebSocket work), and
# uWebSockets (the shared kit's uws_server, uws_server_tls) beside them in every
# echo row and in the socket redesign targets when --uws-dir has it;
# for permessage-deflate, uWebSockets and Node's `ws` (the kit's ws_server.js).
# Every server is started fresh for every measurement, pinned to CPU 0; the
# load generator is pinned to CPU 1. Builds nothing: give it a build dir.
#
#   test/bench/run.sh [--quick] [--build-dir DIR] [--out FILE] [--runs N]
#                     [--runs-others N]
#                     [--only SCENARIO[,SCENARIO...]] [--no-hotloops]
#                     [--wait-quiet SECONDS] [--uws-dir UDIR] [--ws-dir WDIR]
#                     [--loadgen P] [--rawecho P] [--beast-echo P]
#                     [--wsio-echo P] [--hotloops P]
#
# DIR defaults to $WSIO_BUILD_DIR; the binaries are looked up at
# DIR/test/bench/wsio-{loadgen,rawecho,beast-echo,bench-hotloops} and
# DIR/example/echo/wsio-echo unless given one by one.
# UDIR (default $WSIO_UWS_DIR): where the shared kit's uws/build.sh left
# uws_server and uws_server_tls. Without them the uWebSockets measurements are
# skipped, and said so; the others still run.
# WDIR (default $WSIO_WS_DIR): the shared kit's ws/ folder (ws_server.js), for
# the deflate scenarios. Its `ws` module comes from WDIR/node_modules when
# `npm install` was run there (or from the caller's NODE_PATH), else from
# test/clients/node_modules (the clients tests' npm install; ws 8.x) through
# NODE_PATH; the report names the version. Without node, the
# script or the module, the ws measurements are skipped, and said so.
# --wait-quiet S: before each measurement, wait up to S seconds for a second
# in which the rest of the machine uses under 10 % of a CPU. Every RESULT line
# gets "other_cpu": the CPU (% of one core) that processes other than the
# server and the load generator used during that measurement; the report shows
# it, and a figure taken with other_cpu well above 0 is not worth keeping.
# Output: a markdown report on stdout (and in FILE with --out). Exit status
# 0 when every measurement that could run produced its RESULT line and no
# server crashed, 1 otherwise, 2 on usage.
#
# Scenarios (full mode; --quick shrinks connections and durations):
#   s16       16 B binary, 100 connections x 64 in flight  (median of --runs, default 3;
#             the other scenarios: median of --runs-others, default 1)
#   s1k       1 KiB binary, 100 x 64
#   s1k_text  1 KiB text (ASCII; exercises UTF-8 validation), 100 x 64
#   s64k      64 KiB binary, 100 x 4
#   s1m       1 MiB binary, 1 x 4
#   pingpong  16 B binary, 1 connection x 1 in flight (true round trip)
#   handshake connect + upgrade + close cycles, 50 concurrent slots
#   idle      server RSS per idle upgraded connection, 10000 connections
#             (5000 if the descriptor limit or the run at 10000 fails)
# Socket redesign targets (wsio, uWebSockets, Beast; median of --runs;
# --only targets selects the six; --quick runs them too):
#   idle-uws  idle, as above, against uWebSockets and Beast
#   s64k4     64 KiB binary, 100 x 4: server CPU per message
#   m1        1 MiB binary, 1 x 1: round trips per second
#   m1x100    1 MiB binary, 100 x 2: server CPU per message
#   tls16     wss, 16 B, 100 x 64 (wsio and uws_server_tls; Beast: n/a)
#   tls64k    wss, 64 KiB, 100 x 4 (same)
# The wss scenarios need `openssl` (a self-signed P-256 certificate is made in
# a temporary directory) and a wsio-echo with --tls-cert/--tls-key; each
# server that cannot run is skipped with the reason.
# permessage-deflate (RFC 7692; only with --only: `--only deflate` selects
# both; median of --runs; with --quick: 10 connections x 8, 200 idle):
#   deflate1k    1 KiB JSON-like text (loadgen --json: varied per message,
#                about 3x smaller deflated alone, 5x with context takeover),
#                100 x 32, compressed both ways (loadgen --deflate): server
#                CPU per message, wire/payload ratios. Servers: wsio-echo
#                --permessage-deflate shared and dedicated, uws_server
#                --deflate shared and dedicated, ws_server.js --deflate.
#   deflate-idle server RSS per idle connection with permessage-deflate
#                negotiated (10000, or 5000 as for idle): wsio-echo shared,
#                dedicated and without deflate, uws_server shared, dedicated.
# Ratios are against uWebSockets' shared compressor. The load generator fails
# (no RESULT) against a server that does not negotiate permessage-deflate.
# Fan-out, pub/sub (loadgen --mode fanout; `--only fanout` selects all five;
# median of --runs; --quick runs fan16 with 20 subscribers; wsio-echo and
# uws_server: /sub subscribes to topic "t", /pub publishes to it):
#   fan16       1,000 subscribers, 16 B binary, 16 publishes in flight: server
#               CPU per delivery, wsio against uWebSockets
#   fan1k       1,000 subscribers, 1 KiB binary, 16 in flight
#   fan16x10k   10,000 subscribers, 16 B (skipped, and said so, when the
#               descriptor limit is below 10,200)
#   fan1kx10k   10,000 subscribers, 1 KiB (same)
#   fanslow     wsio-echo only: 1,000 subscribers, 1 KiB, 10 s, without and
#               with one more subscriber that never reads (--slow 1): do the
#               others' deliveries per second hold, what does the server's
#               memory do; wsio-echo runs with --max-buffered 1 MiB here (the
#               default 20 MiB takes longer than the run to fill), so the
#               slow subscriber is closed with 1008 once 1 MiB is queued

set -u

usage() {
    sed -n '/^#   test\/bench\/run.sh/,/^# Output/p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

QUICK=0
BUILD_DIR=${WSIO_BUILD_DIR:-}
OUT=
RUNS=
ONLY=
HOTLOOPS_ON=1
WAIT_QUIET=0
RUNS_OTHERS=1
LOADGEN='' RAWECHO='' BEAST='' WSIO='' HOTLOOPS=''
UWS_DIR=${WSIO_UWS_DIR:-}
WS_DIR=${WSIO_WS_DIR:-}
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --build-dir) BUILD_DIR=$2; shift ;;
        --out) OUT=$2; shift ;;
        --runs) RUNS=$2; shift ;;
        --runs-others) RUNS_OTHERS=$2; shift ;;
        --only) ONLY=$2; shift ;;
        --no-hotloops) HOTLOOPS_ON=0 ;;
        --wait-quiet) WAIT_QUIET=$2; shift ;;
        --loadgen) LOADGEN=$2; shift ;;
        --rawecho) RAWECHO=$2; shift ;;
        --beast-echo) BEAST=$2; shift ;;
        --wsio-echo) WSIO=$2; shift ;;
        --hotloops) HOTLOOPS=$2; shift ;;
        --uws-dir) UWS_DIR=$2; shift ;;
        --ws-dir) WS_DIR=$2; shift ;;
        -h|--help) usage ;;
        *) echo "run.sh: unknown argument $1" >&2; usage ;;
    esac
    shift
done

if [ -n "$BUILD_DIR" ]; then
    : "${LOADGEN:=$BUILD_DIR/test/bench/wsio-loadgen}"
    : "${RAWECHO:=$BUILD_DIR/test/bench/wsio-rawecho}"
    : "${BEAST:=$BUILD_DIR/test/bench/wsio-beast-echo}"
    : "${HOTLOOPS:=$BUILD_DIR/test/bench/wsio-bench-hotloops}"
    : "${WSIO:=$BUILD_DIR/example/echo/wsio-echo}"
fi
for b in "$LOADGEN" "$RAWECHO" "$BEAST" "$WSIO"; do
    if [ -z "$b" ] || [ ! -x "$b" ]; then
        echo "run.sh: missing executable '${b}' (give --build-dir DIR or set WSIO_BUILD_DIR; build the target wsio-bench first)" >&2
        exit 2
    fi
done
if [ "$HOTLOOPS_ON" = 1 ] && { [ -z "$HOTLOOPS" ] || [ ! -x "$HOTLOOPS" ]; }; then
    echo "run.sh: missing executable '${HOTLOOPS}' (or pass --no-hotloops)" >&2
    exit 2
fi

# ------------------------------------------------------------------ settings
SERVERS="wsio uws beast raw"   # of the scenarios that are not targets
TARGETS="idle-uws s64k4 m1 m1x100 tls16 tls64k"
DEFLATE="deflate1k deflate-idle"
FANOUT="fan16 fan1k fan16x10k fan1kx10k fanslow"
P_DEFL=32
P_FAN=16
SLOW_CAP=1048576 # wsio-echo --max-buffered in fanslow
SRV_EXTRA=
if [ "$QUICK" = 1 ]; then
    : "${RUNS:=1}"
    WARM=0.1 DUR=0.3 DUR_MAIN=0.3 HOLD=0.2
    C_MAIN=10 P_MAIN=8 C_HS=5 C_IDLE=200 C_IDLE_FALLBACK=100 P_DEFL=8
    C_FAN=20 C_FAN10K=100 DUR_SLOW=0.3
    ALL_SCENARIOS="s16 pingpong handshake idle $TARGETS fan16"
else
    : "${RUNS:=3}"
    WARM=1 DUR=3 DUR_MAIN=5 HOLD=2
    C_MAIN=100 P_MAIN=64 C_HS=50 C_IDLE=10000 C_IDLE_FALLBACK=5000
    C_FAN=1000 C_FAN10K=10000 DUR_SLOW=10
    ALL_SCENARIOS="s16 s1k s1k_text s64k s1m pingpong handshake idle"
fi
SCENARIOS=${ONLY:-$ALL_SCENARIOS}
SCENARIOS=" ${SCENARIOS//,/ } "
SCENARIOS=${SCENARIOS// targets / $TARGETS }
SCENARIOS=${SCENARIOS// deflate / $DEFLATE }
SCENARIOS=${SCENARIOS// fanout / $FANOUT }
# shellcheck disable=SC2086
SCENARIOS=$(printf '%s\n' $SCENARIOS | awk '!seen[$0]++' | tr '\n' ' ')
SCENARIOS=${SCENARIOS% }

is_target() { [[ " $TARGETS " == *" $1 "* ]]; }
is_deflate() { [[ " $DEFLATE " == *" $1 "* ]]; }
is_fanout() { [[ " $FANOUT " == *" $1 "* ]]; }
is_idle() { [ "$1" = idle ] || [ "$1" = idle-uws ] || [ "$1" = deflate-idle ]; }
# Servers that are run with permessage-deflate on (loadgen --deflate).
deflate_server() { case $1 in *-shared|*-dedicated|ws) return 0 ;; esac; return 1; }
is_tls() { [ "$1" = tls16 ] || [ "$1" = tls64k ]; }
# The servers a scenario compares, in the order they run.
scenario_servers() {
    if [ "$1" = deflate1k ]; then echo "wsio-shared wsio-dedicated uws-shared uws-dedicated ws"
    elif [ "$1" = deflate-idle ]; then echo "wsio-shared wsio-dedicated wsio uws-shared uws-dedicated"
    elif [ "$1" = fanslow ]; then echo "wsio wsio-slow1"
    elif is_fanout "$1" || is_tls "$1"; then echo "wsio uws"
    elif is_target "$1"; then echo "wsio uws beast"
    else echo "wsio uws beast raw"
    fi
}
# Runs per server: --runs for the 16 B case and the targets, else --runs-others.
scenario_runs() {
    if [ "$1" = s16 ] || is_target "$1" || is_deflate "$1" || is_fanout "$1"; then echo "$RUNS"; else echo "$RUNS_OTHERS"; fi
}

# Pinning: server on CPU 0, load generator on CPU 1 (not possible on one CPU).
NCPU=$(nproc 2>/dev/null || echo 1)
if [ "$NCPU" -ge 2 ] && command -v taskset >/dev/null; then
    PIN_SRV="taskset -c 0" PIN_LOAD="taskset -c 1"
else
    PIN_SRV='' PIN_LOAD=''
    echo "run.sh: warning: fewer than 2 CPUs or no taskset; running unpinned" >&2
fi

# The idle scenario needs many descriptors in both processes.
ulimit -n "$(ulimit -Hn)" 2>/dev/null
NOFILE=$(ulimit -n)
IDLE_NOTE=
if [ "$NOFILE" != unlimited ] && [ "$NOFILE" -lt $((C_IDLE + 200)) ]; then
    IDLE_NOTE="descriptor limit $NOFILE is below $((C_IDLE + 200)); idle used $C_IDLE_FALLBACK connections"
    C_IDLE=$C_IDLE_FALLBACK
fi
# The 10,000-subscriber fan-out rows need as many descriptors in both processes.
FAN10K_ERR=
if [ "$NOFILE" != unlimited ] && [ "$NOFILE" -lt $((C_FAN10K + 200)) ]; then
    FAN10K_ERR="descriptor limit (ulimit -n) $NOFILE is below $((C_FAN10K + 200)): $C_FAN10K subscribers not run"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wsio-bench.XXXXXX")

# Which server can run which scenario. unavailable SCENARIO SERVER prints why
# it cannot (and succeeds), or fails when it can.
UWS=${UWS_DIR:+$UWS_DIR/uws_server}
UWS_TLS=${UWS_DIR:+$UWS_DIR/uws_server_tls}
# Node's ws: WDIR/ws_server.js; the ws module from WDIR/node_modules (npm
# install there) or, failing that, test/clients/node_modules via NODE_PATH.
WS_JS=${WS_DIR:+$WS_DIR/ws_server.js}
CLIENTS_NM=$(cd "$(dirname "$0")/../clients" 2>/dev/null && pwd)/node_modules
WS_NODE_PATH='' WS_FOUND=0
# ws_resolves NODE_PATH: does require('ws') work from ws_server.js's folder?
ws_resolves() { (cd "$WS_DIR" && NODE_PATH=$1 node -e "require.resolve('ws')") >/dev/null 2>&1; }
if [[ " $SCENARIOS " == *" deflate1k "* ]] && [ -n "$WS_DIR" ] && command -v node >/dev/null; then
    if ws_resolves "${NODE_PATH:-}"; then
        WS_NODE_PATH=${NODE_PATH:-} WS_FOUND=1   # WDIR/node_modules, or the caller's NODE_PATH
    elif ws_resolves "$CLIENTS_NM"; then
        WS_NODE_PATH=$CLIENTS_NM WS_FOUND=1
    fi
fi
ws_unavailable() {
    command -v node >/dev/null || { echo "no node command"; return 0; }
    [ -n "$WS_JS" ] && [ -f "$WS_JS" ] ||
        { echo "no ws_server.js (give --ws-dir DIR: the shared kit's ws/ folder)"; return 0; }
    [ "$WS_FOUND" = 1 ] ||
        { echo "no ws module (npm install in $WS_DIR, or in test/clients)"; return 0; }
    return 1
}
CERT='' KEY='' CERT_ERR=''
unavailable() {
    local sc=$1 srv=$2
    if is_deflate "$sc"; then
        case $srv in
            wsio-shared|wsio-dedicated) grep -aq -- --permessage-deflate "$WSIO" ||
                { echo "this wsio-echo has no --permessage-deflate"; return 0; } ;;
            uws-shared|uws-dedicated) [ -n "$UWS" ] && [ -x "$UWS" ] ||
                { echo "no uws_server (give --uws-dir DIR; see doc/benchmarks.md)"; return 0; } ;;
            ws) ws_unavailable && return 0 ;;
        esac
    elif is_fanout "$sc"; then
        if [[ $sc == *x10k ]] && [ -n "$FAN10K_ERR" ]; then echo "$FAN10K_ERR"; return 0; fi
        case $srv in
            wsio|wsio-slow1) grep -aq -- '/sub' "$WSIO" ||
                { echo "this wsio-echo has no /sub and /pub paths (no pub/sub yet)"; return 0; } ;;
            uws) [ -n "$UWS" ] && [ -x "$UWS" ] ||
                { echo "no uws_server (give --uws-dir DIR; see doc/benchmarks.md)"; return 0; } ;;
        esac
    elif is_tls "$sc"; then
        if [ -n "$CERT_ERR" ]; then echo "$CERT_ERR"; return 0; fi
        case $srv in
            wsio) grep -aq -- --tls-cert "$WSIO" ||
                { echo "this wsio-echo has no --tls-cert/--tls-key (no TLS yet)"; return 0; } ;;
            uws) [ -n "$UWS_TLS" ] && [ -x "$UWS_TLS" ] ||
                { echo "no uws_server_tls (give --uws-dir DIR; see doc/benchmarks.md)"; return 0; } ;;
        esac
    elif [ "$srv" = uws ]; then
        [ -n "$UWS" ] && [ -x "$UWS" ] ||
            { echo "no uws_server (give --uws-dir DIR; see doc/benchmarks.md)"; return 0; }
    fi
    return 1
}
# A self-signed P-256 certificate for the wss scenarios, made once.
for sc in $SCENARIOS; do
    is_tls "$sc" || continue
    if ! command -v openssl >/dev/null; then
        CERT_ERR="no openssl command to make a certificate"
    elif openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -keyout "$WORK/key.pem" -out "$WORK/cert.pem" -days 2 -subj /CN=127.0.0.1 \
        >"$WORK/openssl.log" 2>&1; then
        CERT=$WORK/cert.pem KEY=$WORK/key.pem
    else
        CERT_ERR="openssl could not make a certificate: $(tail -n 1 "$WORK/openssl.log")"
    fi
    break
done
SRV_PID=
cleanup() {
    if [ -n "$SRV_PID" ]; then kill -KILL "$SRV_PID" 2>/dev/null; wait "$SRV_PID" 2>/dev/null; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pick_port() {
    local p _
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 12000))
        if ! port_open "$p"; then echo "$p"; return 0; fi
    done
    return 1
}

# start_server NAME PORT [tls]: sets SRV_PID; returns non-zero if it never listens.
start_server() {
    local name=$1 port=$2 tls=${3:-} _
    case "$name$tls" in
        wsio|wsio-slow1)
               $PIN_SRV "$WSIO" --port "$port" --address 127.0.0.1 $SRV_EXTRA >"$WORK/server.log" 2>&1 & ;;
        wsiotls) $PIN_SRV "$WSIO" --port "$port" --address 127.0.0.1 \
                     --tls-cert "$CERT" --tls-key "$KEY" >"$WORK/server.log" 2>&1 & ;;
        uws)   $PIN_SRV "$UWS" "$port" >"$WORK/server.log" 2>&1 & ;;
        wsio-shared|wsio-dedicated)
               $PIN_SRV "$WSIO" --port "$port" --address 127.0.0.1 \
                   --permessage-deflate "${name#wsio-}" >"$WORK/server.log" 2>&1 & ;;
        uws-shared|uws-dedicated)
               $PIN_SRV "$UWS" "$port" --deflate "${name#uws-}" >"$WORK/server.log" 2>&1 & ;;
        # NODE_PATH only when ws_server.js's folder has no node_modules of its own
        ws)    NODE_PATH=$WS_NODE_PATH $PIN_SRV node "$WS_JS" "$port" --deflate \
                   >"$WORK/server.log" 2>&1 & ;;
        uwstls) $PIN_SRV "$UWS_TLS" "$port" --tls "$CERT" "$KEY" >"$WORK/server.log" 2>&1 & ;;
        beast) $PIN_SRV "$BEAST" "$port" >"$WORK/server.log" 2>&1 & ;;
        raw)   $PIN_SRV "$RAWECHO" "$port" >"$WORK/server.log" 2>&1 & ;;
    esac
    SRV_PID=$!
    for _ in $(seq 1 200); do
        if port_open "$port"; then return 0; fi
        if ! kill -0 "$SRV_PID" 2>/dev/null; then break; fi
        sleep 0.025
    done
    echo "run.sh: $name did not start listening on port $port:" >&2
    cat "$WORK/server.log" >&2
    stop_server
    return 1
}

# stop_server: SIGTERM, SIGKILL after 5 s. A server that was gone before the
# SIGTERM, or ended other than by exiting 0 or by the signals, is reported
# (WARNINGS) and fails the run: it crashed during or right after the measurement.
WARNINGS=
SRV_WHAT=
stop_server() {
    [ -n "$SRV_PID" ] || return 0
    local _ st gone=0
    kill -0 "$SRV_PID" 2>/dev/null || gone=1
    kill -TERM "$SRV_PID" 2>/dev/null
    for _ in $(seq 1 100); do
        kill -0 "$SRV_PID" 2>/dev/null || break
        sleep 0.05
    done
    kill -KILL "$SRV_PID" 2>/dev/null
    wait "$SRV_PID" 2>/dev/null
    st=$?
    if [ "$gone" = 1 ] || { [ "$st" != 0 ] && [ "$st" != 143 ] && [ "$st" != 137 ]; }; then
        local w="the server of $SRV_WHAT ended by itself (exit status $st)"
        [ "$st" -gt 128 ] && w="${w%)}, signal $((st - 128)))"
        echo "run.sh: warning: $w" >&2
        WARNINGS="$WARNINGS$w"$'\n'
        FAILED=1
    fi
    SRV_PID=
}

# Loadgen arguments of a scenario.
scenario_args() {
    case "$1" in
        s16)       echo "-c $C_MAIN -p $P_MAIN -s 16 -w $WARM -d $DUR_MAIN" ;;
        s1k)       echo "-c $C_MAIN -p $P_MAIN -s 1k -w $WARM -d $DUR" ;;
        s1k_text)  echo "-c $C_MAIN -p $P_MAIN -s 1k --text -w $WARM -d $DUR" ;;
        s64k)      echo "-c $C_MAIN -p 4 -s 64k -w $WARM -d $DUR" ;;
        s1m)       echo "-c 1 -p 4 -s 1m -w $WARM -d $DUR" ;;
        pingpong)  echo "-c 1 -p 1 -s 16 -w $WARM -d $DUR" ;;
        handshake) echo "--mode handshake -c $C_HS -w $WARM -d $DUR" ;;
        idle|idle-uws) echo "--mode idle -c $C_IDLE --hold $HOLD" ;;
        s64k4)     echo "-c $C_MAIN -p 4 -s 64k -w $WARM -d $DUR_MAIN" ;;
        m1)        echo "-c 1 -p 1 -s 1m -w $WARM -d $DUR_MAIN" ;;
        m1x100)    echo "-c $C_MAIN -p 2 -s 1m -w $WARM -d $DUR_MAIN" ;;
        tls16)     echo "--tls -c $C_MAIN -p $P_MAIN -s 16 -w $WARM -d $DUR_MAIN" ;;
        tls64k)    echo "--tls -c $C_MAIN -p 4 -s 64k -w $WARM -d $DUR_MAIN" ;;
        # measure adds --deflate for the servers that run with it
        deflate1k) echo "--json -c $C_MAIN -p $P_DEFL -s 1k -w $WARM -d $DUR_MAIN" ;;
        deflate-idle) echo "--mode idle -c $C_IDLE --hold $HOLD" ;;
        # measure adds --slow 1 for wsio-slow1
        fan16)     echo "--mode fanout -c $C_FAN -p $P_FAN -s 16 -w $WARM -d $DUR_MAIN" ;;
        fan1k)     echo "--mode fanout -c $C_FAN -p $P_FAN -s 1k -w $WARM -d $DUR_MAIN" ;;
        fan16x10k) echo "--mode fanout -c $C_FAN10K -p $P_FAN -s 16 -w $WARM -d $DUR_MAIN" ;;
        fan1kx10k) echo "--mode fanout -c $C_FAN10K -p $P_FAN -s 1k -w $WARM -d $DUR_MAIN" ;;
        fanslow)   echo "--mode fanout -c $C_FAN -p $P_FAN -s 1k -w $WARM -d $DUR_SLOW" ;;
        *) echo "run.sh: unknown scenario $1" >&2; exit 2 ;;
    esac
}

scenario_title() {
    case "$1" in
        s16)       echo "16 B, $C_MAIN conn x $P_MAIN in flight" ;;
        s1k)       echo "1 KiB, $C_MAIN x $P_MAIN" ;;
        s1k_text)  echo "1 KiB text, $C_MAIN x $P_MAIN" ;;
        s64k)      echo "64 KiB, $C_MAIN x 4" ;;
        s1m)       echo "1 MiB, 1 x 4" ;;
        pingpong)  echo "16 B ping-pong, 1 x 1" ;;
        handshake) echo "handshake, $C_HS slots" ;;
        idle)      echo "idle, $C_IDLE conns" ;;
        idle-uws)  echo "idle memory, $C_IDLE conns: bytes of RSS per connection" ;;
        s64k4)     echo "64 KiB, $C_MAIN x 4: server µs/msg" ;;
        m1)        echo "1 MiB, 1 x 1: round trips/s" ;;
        m1x100)    echo "1 MiB, $C_MAIN x 2: server µs/msg" ;;
        tls16)     echo "wss 16 B, $C_MAIN x $P_MAIN: server µs/msg" ;;
        tls64k)    echo "wss 64 KiB, $C_MAIN x 4: server µs/msg" ;;
        deflate1k) echo "deflate, 1 KiB JSON text, $C_MAIN x $P_DEFL: server µs/msg" ;;
        deflate-idle) echo "deflate, idle memory, $C_IDLE conns: bytes of RSS per connection" ;;
        fan16)     echo "fan-out, $C_FAN subscribers x 16 B, $P_FAN in flight" ;;
        fan1k)     echo "fan-out, $C_FAN subscribers x 1 KiB, $P_FAN in flight" ;;
        fan16x10k) echo "fan-out, $C_FAN10K subscribers x 16 B, $P_FAN in flight" ;;
        fan1kx10k) echo "fan-out, $C_FAN10K subscribers x 1 KiB, $P_FAN in flight" ;;
        fanslow)   echo "fan-out, $C_FAN subscribers x 1 KiB, $P_FAN in flight, $DUR_SLOW s, without and with one subscriber that never reads" ;;
    esac
}

# CPU accounting, to tell whether anything else ran during a measurement.
# Jiffies (USER_HZ) busy on all CPUs (user nice system irq softirq steal).
machine_busy() { awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }
# Jiffies used by one process (utime + stime).
proc_cpu() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
# Milliseconds of CPU used by this shell's waited-for children. `times` must
# run in this shell (a $(...) subshell would report its own children).
children_ms() {
    times >"$WORK/times"
    tail -n 1 "$WORK/times" | awk '{ t = 0; for (i = 1; i <= 2; ++i) {
        split($i, a, "m"); sub("s", "", a[2]); t += a[1] * 60000 + a[2] * 1000 }
        printf "%.0f", t }'
}
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)

# wait_quiet: up to WAIT_QUIET seconds for a second in which other processes
# use less than 10 % of one CPU.
wait_quiet() {
    local _ b0 b1
    [ "$WAIT_QUIET" -gt 0 ] || return 0
    for _ in $(seq 1 "$WAIT_QUIET"); do
        b0=$(machine_busy); sleep 1; b1=$(machine_busy)
        [ $(( (b1 - b0) * 100 / HZ )) -lt 10 ] && return 0
    done
    echo "run.sh: warning: the machine did not become quiet within $WAIT_QUIET s" >&2
}

FAILED=0
NORESULT=
# measure SCENARIO SERVER RUN: one fresh server, one loadgen run.
measure() {
    local sc=$1 srv=$2 run=$3 port args extra='' out line tls=
    args=$(scenario_args "$sc")
    [ "$srv" = raw ] && extra=--raw-echo
    is_deflate "$sc" && deflate_server "$srv" && extra=--deflate
    [ "$srv" = wsio-slow1 ] && extra="--slow 1"
    SRV_EXTRA=
    [ "$sc" = fanslow ] && SRV_EXTRA="--max-buffered $SLOW_CAP"
    is_tls "$sc" && tls=tls
    out="$WORK/$sc.$srv.$run.out"
    port=$(pick_port) || { echo "run.sh: no free port" >&2; FAILED=1; return; }
    wait_quiet
    SRV_WHAT="$sc/$srv/$run"
    start_server "$srv" "$port" "$tls" || { FAILED=1; return; }
    local t0 b0 c0 s0 t1 b1 c1 s1
    children_ms >"$WORK/c0"
    t0=$(date +%s%N) b0=$(machine_busy) s0=$(proc_cpu "$SRV_PID")
    # shellcheck disable=SC2086
    timeout 200 $PIN_LOAD "$LOADGEN" --url "ws://127.0.0.1:$port/" --server-pid "$SRV_PID" \
        $args $extra --label "$sc/$srv/$run" >"$out" 2>&1
    local rc=$?
    t1=$(date +%s%N) b1=$(machine_busy) s1=$(proc_cpu "$SRV_PID")
    children_ms >"$WORK/c1"
    c0=$(cat "$WORK/c0") c1=$(cat "$WORK/c1")
    stop_server
    # Other processes' CPU over the whole loadgen run, in % of one CPU.
    local other
    other=$(awk -v t=$((t1 - t0)) -v b=$((b1 - b0)) -v c=$((c1 - c0)) -v s=$(( ${s1:-0} - ${s0:-0} )) -v hz="$HZ" \
        'BEGIN { o = ((b - s) / hz - c / 1000) / (t / 1e9) * 100; if (o < 0) o = 0; printf "%.0f", o }')
    line=$(grep '^RESULT ' "$out" | tail -n 1)
    if [ -z "$line" ]; then
        echo "run.sh: no RESULT from $sc/$srv/$run (exit $rc):" >&2
        sed 's/^/    /' "$out" >&2
        # the load generator's first complaint, for the report
        NORESULT="$NORESULT$sc/$srv/$run (exit $rc): $(grep -v -m 1 -e '^RESULT ' -e '^deflate: ' -e '^tls: ' "$out")"$'\n'
        return 1
    fi
    if [ "$rc" != 0 ]; then
        echo "run.sh: warning: $sc/$srv/$run exited $rc:" >&2
        grep -v '^RESULT ' "$out" | head -n 8 | sed 's/^/    /' >&2
    fi
    line="${line%\}},\"other_cpu\":$other}"
    echo "$line" >"$WORK/$sc.$srv.$run.result"
    echo "$line" >>"$WORK/all.results"
    return 0
}

field() { sed -n "s/.*\"$2\":\"\{0,1\}\([^,\"}]*\)\"\{0,1\}[,}].*/\1/p" "$1"; }

# median SCENARIO SERVER FIELD: median of FIELD over the runs.
median() {
    local f
    for f in "$WORK/$1.$2".*.result; do
        [ -e "$f" ] && field "$f" "$3"
    done | sort -g | awk '{a[NR]=$1} END {
        if (NR == 0) print "n/a";
        else if (NR % 2) print a[(NR + 1) / 2];
        else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

other_max() {
    local s v m=n/a
    for s in $(scenario_servers "$1"); do
        v=$(median "$1" "$s" other_cpu)
        [ "$v" = n/a ] && continue
        m=$(awk -v a="$m" -v b="$v" 'BEGIN { print (a == "n/a" || b > a ? b : a) }')
    done
    echo "$m"
}

nruns() { ls "$WORK/$1.$2".*.result 2>/dev/null | wc -l; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b + 0 <= 0 || a + 0 < 0) print "n/a"; else printf "%.2f", a / b }'; }
fmt() { awk -v v="$1" -v f="$2" 'BEGIN { if (v == "n/a") print v; else printf f, v }'; }

# ------------------------------------------------------------------ runs
T0=$(date +%s)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
for sc in $SCENARIOS; do
    scenario_args "$sc" >/dev/null || exit 2
done
SKIPPED=
# Servers of a scenario that can run it; the others are noted in SKIPPED.
for sc in $SCENARIOS; do
    ok=
    for srv in $(scenario_servers "$sc"); do
        if why=$(unavailable "$sc" "$srv"); then
            echo "run.sh: $sc: $srv skipped: $why" >&2
            SKIPPED="$SKIPPED$sc/$srv: $why"$'\n'
            touch "$WORK/$sc.$srv.skipped"
        else
            ok="$ok $srv"
        fi
    done
    [ -n "$ok" ] || echo "run.sh: $sc skipped: no server can run it" >&2
    eval "RUNNABLE_${sc//-/_}=\"\$ok\""
done
runnable() { eval "echo \$RUNNABLE_${1//-/_}"; }

for sc in $SCENARIOS; do
    n=$(scenario_runs "$sc")
    for run in $(seq 1 "$n"); do
        for srv in $(runnable "$sc"); do
            echo "run.sh: $sc run $run/$n: $srv" >&2
            if ! measure "$sc" "$srv" "$run"; then
                if is_idle "$sc" && [ "$C_IDLE" != "$C_IDLE_FALLBACK" ]; then
                    IDLE_NOTE="the $sc run at $C_IDLE connections failed for $srv; idle measurements from there on used $C_IDLE_FALLBACK connections"
                    C_IDLE=$C_IDLE_FALLBACK
                    rm -f "$WORK/$sc".*.result
                    for r2 in $(seq 1 "$run"); do
                        for s2 in $(runnable "$sc"); do
                            measure "$sc" "$s2" "$r2" || FAILED=1
                        done
                    done
                    break
                fi
                FAILED=1
            fi
        done
    done
done

HOT=
if [ "$HOTLOOPS_ON" = 1 ]; then
    echo "run.sh: hot loops" >&2
    wait_quiet
    hq=
    [ "$QUICK" = 1 ] && hq=--quick
    if $PIN_SRV "$HOTLOOPS" $hq >"$WORK/hotloops.out" 2>&1 &&
        grep -q '^RESULT ' "$WORK/hotloops.out"; then
        HOT=$(grep -v '^RESULT ' "$WORK/hotloops.out")
        grep '^RESULT ' "$WORK/hotloops.out" >>"$WORK/all.results"
    else
        echo "run.sh: hot loops failed:" >&2
        cat "$WORK/hotloops.out" >&2
        FAILED=1
    fi
fi
T1=$(date +%s)

# ------------------------------------------------------------------ report
report() {
    local mode=full
    [ "$QUICK" = 1 ] && mode="quick (smoke; figures are not meaningful)"
    echo "## Benchmark run $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    echo "- mode: $mode; $((T1 - T0)) s; server pinned to CPU 0, load generator to CPU 1 ($NCPU CPUs)"
    echo "- CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1); load average before/after: $LOAD0 / $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- every server started fresh per measurement; 16 B pipelined, the socket redesign targets, permessage-deflate and fan-out: median of $RUNS run(s); other scenarios: median of $RUNS_OTHERS run(s)"
    [ -n "$IDLE_NOTE" ] && echo "- note: $IDLE_NOTE"
    if [ -n "$WARNINGS" ]; then
        echo "- warnings (a server that crashed may have been wrong before it did):"
        printf '%s' "$WARNINGS" | sed 's/^/  - /'
    fi
    if [ -n "$NORESULT" ]; then
        echo "- no RESULT (scenario/server/run: the load generator's first message):"
        printf '%s' "$NORESULT" | sed 's/^/  - /'
    fi
    if [ -n "$SKIPPED" ]; then
        echo "- skipped (scenario/server: why):"
        printf '%s' "$SKIPPED" | sed 's/^/  - /'
    fi
    echo
    local sc has_echo=0
    for sc in $SCENARIOS; do
        { is_target "$sc" || is_deflate "$sc" || is_fanout "$sc"; } && continue
        case $sc in handshake|idle) ;; *) has_echo=1 ;; esac
    done
    if [ "$has_echo" = 1 ]; then
        echo "### Echo: server CPU per message and throughput"
        echo
        echo "| scenario | wsio µs/msg | uWS µs/msg | Beast µs/msg | raw µs/msg | wsio/uWS | wsio/Beast | wsio/raw | wsio msg/s | uWS msg/s | Beast msg/s | raw msg/s | wsio p50 RTT µs | loadgen CPU % (wsio) | other CPU % (max) |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        for sc in $SCENARIOS; do
            { is_target "$sc" || is_deflate "$sc" || is_fanout "$sc"; } && continue
            case $sc in handshake|idle) continue ;; esac
            local w u b r
            w=$(median "$sc" wsio server_us_per_op)
            u=$(median "$sc" uws server_us_per_op)
            b=$(median "$sc" beast server_us_per_op)
            r=$(median "$sc" raw server_us_per_op)
            echo "| $(scenario_title "$sc") | $(fmt "$w" %.3f) | $(fmt "$u" %.3f) | $(fmt "$b" %.3f) | $(fmt "$r" %.3f) | $(ratio "$w" "$u") | $(ratio "$w" "$b") | $(ratio "$w" "$r") | $(fmt "$(median "$sc" wsio msg_per_sec)" %.0f) | $(fmt "$(median "$sc" uws msg_per_sec)" %.0f) | $(fmt "$(median "$sc" beast msg_per_sec)" %.0f) | $(fmt "$(median "$sc" raw msg_per_sec)" %.0f) | $(median "$sc" wsio p50_us) | $(median "$sc" wsio cpu_loadgen) | $(other_max "$sc") |"
        done
        echo
        echo "µs/msg = server CPU time (user+system, /proc/PID/stat) over the measured window / echoed messages (\`server_us_per_op\`)."
        echo "wsio/uWS and wsio/Beast below 1 mean wsio uses less CPU per message (uWS: the shared kit's uws_server, n/a without --uws-dir). A loadgen CPU of 90 % or more means the run was client-bound (msg/s is then a lower bound; compare µs/msg). Other CPU: what the rest of the machine used meanwhile (% of one core; the largest of the three servers' runs)."
        echo
        if [[ " $SCENARIOS " == *" s16 "* ]] && [ "$RUNS" -gt 1 ]; then
            echo "Every run of the 16 B case (µs/msg, msg/s, other CPU %):"
            echo
            echo "| run | wsio | uWS | Beast | raw |"
            echo "|---|---|---|---|---|"
            local run s f cells
            for run in $(seq 1 "$RUNS"); do
                cells=
                for s in $SERVERS; do
                    f="$WORK/s16.$s.$run.result"
                    if [ -e "$f" ]; then
                        cells="$cells | $(field "$f" server_us_per_op) µs, $(field "$f" msg_per_sec)/s, other $(field "$f" other_cpu) %"
                    else
                        cells="$cells | n/a"
                    fi
                done
                echo "| $run$cells |"
            done
            echo
        fi
    fi
    if [[ " $SCENARIOS " == *" handshake "* ]]; then
        local w u b r
        w=$(median handshake wsio server_us_per_op)
        u=$(median handshake uws server_us_per_op)
        b=$(median handshake beast server_us_per_op)
        r=$(median handshake raw server_us_per_op)
        echo "### Handshakes (connect, upgrade, close; $C_HS concurrent slots)"
        echo
        echo "| server | cycles/s | server µs/cycle | connect→101 p50 µs | p99 µs | errors | other CPU % |"
        echo "|---|---:|---:|---:|---:|---:|---:|"
        local s
        for s in $SERVERS; do
            echo "| $s | $(fmt "$(median handshake "$s" per_sec)" %.0f) | $(median handshake "$s" server_us_per_op) | $(median handshake "$s" p50_us) | $(median handshake "$s" p99_us) | $(median handshake "$s" errors) | $(median handshake "$s" other_cpu) |"
        done
        echo
        echo "server µs per handshake, wsio/uWS: $(ratio "$w" "$u"); wsio/Beast: $(ratio "$w" "$b")"
        echo
    fi
    if [[ " $SCENARIOS " == *" idle "* ]]; then
        echo "### Idle memory ($C_IDLE upgraded connections, RSS delta)"
        echo
        echo "| server | connections | RSS before KiB | RSS after KiB | bytes / connection |"
        echo "|---|---:|---:|---:|---:|"
        local s
        for s in $SERVERS; do
            echo "| $s | $(median idle "$s" conns) | $(median idle "$s" rss_before_kib) | $(median idle "$s" rss_after_kib) | $(median idle "$s" bytes_per_conn) |"
        done
        echo
    fi
    local has_target=0
    for sc in $SCENARIOS; do is_target "$sc" && has_target=1; done
    [ "$has_target" = 1 ] && report_targets
    local has_deflate=0
    for sc in $SCENARIOS; do is_deflate "$sc" && has_deflate=1; done
    [ "$has_deflate" = 1 ] && report_deflate
    local has_fanout=0
    for sc in $SCENARIOS; do is_fanout "$sc" && has_fanout=1; done
    [ "$has_fanout" = 1 ] && report_fanout
    if [ -n "$HOT" ]; then
        echo "### Hot loops (wsio-bench-hotloops$([ "$QUICK" = 1 ] && echo ' --quick'))"
        echo "$HOT"
        echo
    fi
    echo "### Raw RESULT lines"
    echo
    echo '```'
    cat "$WORK/all.results" 2>/dev/null
    echo '```'
}

# cell SCENARIO SERVER FIELD FORMAT: the median, or why there is none.
cell() {
    if [[ " $(scenario_servers "$1") " != *" $2 "* ]]; then
        if is_tls "$1" && [ "$2" = beast ]; then echo "n/a (no TLS server)"; else echo "n/a"; fi
    elif [ -e "$WORK/$1.$2.skipped" ]; then
        echo "skipped"
    else
        fmt "$(median "$1" "$2" "$3")" "$4"
    fi
}

report_targets() {
    local sc f fm w u b
    echo "### Socket redesign targets (wsio, uWebSockets, Beast)"
    echo
    echo "| target | wsio | uWS | Beast | wsio/uWS | wsio/Beast | loadgen CPU % (wsio / uWS / Beast) | other CPU % (max) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for sc in $SCENARIOS; do
        is_target "$sc" || continue
        case $sc in
            idle-uws) f=bytes_per_conn fm=%.0f ;;
            m1) f=msg_per_sec fm=%.0f ;;
            *) f=server_us_per_op fm=%.3f ;;
        esac
        w=$(median "$sc" wsio "$f") u=$(median "$sc" uws "$f") b=$(median "$sc" beast "$f")
        echo "| $(scenario_title "$sc") | $(cell "$sc" wsio "$f" "$fm") | $(cell "$sc" uws "$f" "$fm") | $(cell "$sc" beast "$f" "$fm") | $(ratio "$w" "$u") | $(ratio "$w" "$b") | $(median "$sc" wsio cpu_loadgen) / $(median "$sc" uws cpu_loadgen) / $(median "$sc" beast cpu_loadgen) | $(other_max "$sc") |"
    done
    echo
    echo "Ratios below 1 favour wsio, except for round trips/s (above 1 favours wsio). Idle memory: the server's VmRSS after the connections are open minus before, per connection (kernel socket buffers are not in it). Every server echoes from its message handler (wsio-echo: an \`on_message\` slot). wss: a self-signed P-256 certificate made for the run; the negotiated protocol and cipher are in the RESULT lines' \`tls\` field."
    echo
    echo "| scenario | server | runs | µs/msg | msg/s | p50 RTT µs | bytes/conn | loadgen CPU % | other CPU % |"
    echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
    local s
    for sc in $SCENARIOS; do
        is_target "$sc" || continue
        for s in $(scenario_servers "$sc"); do
            [ -e "$WORK/$sc.$s.skipped" ] && continue
            echo "| $sc | $s | $(nruns "$sc" "$s") | $(median "$sc" "$s" server_us_per_op) | $(fmt "$(median "$sc" "$s" msg_per_sec)" %.0f) | $(median "$sc" "$s" p50_us) | $(median "$sc" "$s" bytes_per_conn) | $(median "$sc" "$s" cpu_loadgen) | $(median "$sc" "$s" other_cpu) |"
        done
    done
    echo
}

# The server's Sec-WebSocket-Extensions answer, from its first RESULT line.
answer() {
    local f
    for f in "$WORK/$1.$2".*.result; do
        [ -e "$f" ] && { field "$f" deflate; return; }
    done
    echo n/a
}
diff_of() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a") print "n/a"; else printf "%+.0f", a - b }'; }

report_deflate() {
    local s u w r
    echo "### permessage-deflate (RFC 7692): wsio-echo, uWebSockets, Node ws"
    echo
    if [[ " $SCENARIOS " == *" deflate1k "* ]]; then
        u=$(median deflate1k uws-shared server_us_per_op) w=$(median deflate1k ws server_us_per_op)
        echo "#### $(scenario_title deflate1k)"
        echo
        echo "| server | runs | µs/msg | /uWS shared | /ws | msg/s | wire/payload sent | wire/payload received | echoes compressed % | loadgen CPU % | other CPU % | server's answer |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
        for s in $(scenario_servers deflate1k); do
            if [ -e "$WORK/deflate1k.$s.skipped" ]; then
                echo "| $s | 0 | skipped | | | | | | | | | |"
                continue
            fi
            if [ "$(nruns deflate1k "$s")" = 0 ]; then
                echo "| $s | 0 | no RESULT (see above) | | | | | | | | | |"
                continue
            fi
            r=$(median deflate1k "$s" server_us_per_op)
            echo "| $s | $(nruns deflate1k "$s") | $(fmt "$r" %.3f) | $(ratio "$r" "$u") | $(ratio "$r" "$w") | $(fmt "$(median deflate1k "$s" msg_per_sec)" %.0f) | $(median deflate1k "$s" wire_ratio_sent) | $(median deflate1k "$s" wire_ratio_recv) | $(median deflate1k "$s" compressed_recv_pct) | $(median deflate1k "$s" cpu_loadgen) | $(median deflate1k "$s" other_cpu) | \`$(answer deflate1k "$s")\` |"
        done
        echo
        if [ "$WS_FOUND" = 1 ]; then
            echo "ws: $(cd "$WS_DIR" && NODE_PATH=$WS_NODE_PATH node -e "process.stdout.write('ws ' + require('ws/package.json').version + ' (' + require.resolve('ws') + '), Node ' + process.version)" 2>/dev/null), perMessageDeflate { threshold: 64 }."
            echo
        fi
        echo "Targets: wsio-echo's µs/msg at most uWebSockets' shared compressor's and at most ws's (/uWS shared and /ws at most 1.00). Wire/payload: data frame bytes on the wire, headers included, over message bytes (measured window; the load generator compresses with zlib level 6, as Chrome does). The payloads differ per message (\`--json\`), so context takeover sees realistic input."
        echo
    fi
    if [[ " $SCENARIOS " == *" deflate-idle "* ]]; then
        u=$(median deflate-idle uws-shared bytes_per_conn) w=$(median deflate-idle wsio bytes_per_conn)
        echo "#### $(scenario_title deflate-idle)"
        echo
        echo "| server | runs | connections | bytes / connection | /uWS shared | minus wsio without deflate | server's answer |"
        echo "|---|---:|---:|---:|---:|---:|---|"
        for s in $(scenario_servers deflate-idle); do
            if [ -e "$WORK/deflate-idle.$s.skipped" ]; then
                echo "| $s | 0 | skipped | | | | |"
                continue
            fi
            if [ "$(nruns deflate-idle "$s")" = 0 ]; then
                echo "| $s | 0 | no RESULT (see above) | | | | |"
                continue
            fi
            r=$(median deflate-idle "$s" bytes_per_conn)
            echo "| $s | $(nruns deflate-idle "$s") | $(median deflate-idle "$s" conns) | $(fmt "$r" %.0f) | $(ratio "$r" "$u") | $(diff_of "$r" "$w") | \`$(answer deflate-idle "$s")\` |"
        done
        echo
        echo "Targets: wsio-shared costs no more per idle connection than wsio without deflate (minus column at most 0, within noise); wsio-dedicated (window bits 15) at most 158 KiB = 161,792 bytes per connection. RSS delta of the server (VmRSS), kernel socket buffers not included."
        echo
    fi
}

# sum_of A B: A + B, or n/a.
sum_of() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a") print "n/a"; else print a + b }'; }

report_fanout() {
    local sc w u s f
    if [[ " $SCENARIOS " == *" fan"[13]* ]]; then
        echo "### Fan-out (pub/sub): wsio-echo and uWebSockets"
        echo
        echo "| scenario | wsio µs/delivery | uWS µs/delivery | wsio/uWS | wsio deliveries/s | uWS deliveries/s | p50 publish→delivery µs (wsio / uWS) | server CPU % (wsio / uWS) | loadgen CPU % (wsio / uWS) | lost + reordered (wsio / uWS) | other CPU % (max) |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        for sc in $SCENARIOS; do
            is_fanout "$sc" && [ "$sc" != fanslow ] || continue
            w=$(median "$sc" wsio server_us_per_delivery) u=$(median "$sc" uws server_us_per_delivery)
            echo "| $(scenario_title "$sc") | $(cell "$sc" wsio server_us_per_delivery %.3f) | $(cell "$sc" uws server_us_per_delivery %.3f) | $(ratio "$w" "$u") | $(cell "$sc" wsio deliveries_per_sec %.0f) | $(cell "$sc" uws deliveries_per_sec %.0f) | $(median "$sc" wsio p50_us) / $(median "$sc" uws p50_us) | $(median "$sc" wsio cpu_server) / $(median "$sc" uws cpu_server) | $(median "$sc" wsio cpu_loadgen) / $(median "$sc" uws cpu_loadgen) | $(sum_of "$(median "$sc" wsio lost)" "$(median "$sc" wsio reordered)") / $(sum_of "$(median "$sc" uws lost)" "$(median "$sc" uws reordered)") | $(other_max "$sc") |"
        done
        echo
        echo "µs/delivery = server CPU time (user+system, /proc/PID/stat) over the measured window / messages delivered to subscribers (\`server_us_per_delivery\`); wsio/uWS below 1 favours wsio. One publisher connection (/pub) sends; the server relays each message to every subscriber (/sub, topic \"t\"): wsio-echo with \`server::publish\`, uws_server with \`app.publish\`. The load generator keeps $P_FAN publishes in flight (not yet delivered to every subscriber), checks every delivery's size, bytes and order, and counts what a subscriber skipped as lost and what came back out of order as reordered (medians; both must be 0). A publish completes only when the last subscriber has read it, so server and load generator tend to work in alternating rounds of $P_FAN publishes: deliveries/s is bounded by the two together, and µs/delivery depends on how many messages the server writes per subscriber per round (the in-flight count)."
        echo
        echo "| scenario | server | runs | µs/delivery | deliveries/s | publishes/s | p50 µs | p99 µs | server RSS before → after KiB | loadgen CPU % | other CPU % |"
        echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        for sc in $SCENARIOS; do
            is_fanout "$sc" && [ "$sc" != fanslow ] || continue
            for s in $(scenario_servers "$sc"); do
                [ -e "$WORK/$sc.$s.skipped" ] && continue
                echo "| $sc | $s | $(nruns "$sc" "$s") | $(median "$sc" "$s" server_us_per_delivery) | $(fmt "$(median "$sc" "$s" deliveries_per_sec)" %.0f) | $(fmt "$(median "$sc" "$s" publishes_per_sec)" %.0f) | $(median "$sc" "$s" p50_us) | $(median "$sc" "$s" p99_us) | $(median "$sc" "$s" rss_before_kib) → $(median "$sc" "$s" rss_after_kib) | $(median "$sc" "$s" cpu_loadgen) | $(median "$sc" "$s" other_cpu) |"
            done
        done
        echo
    fi
    if [[ " $SCENARIOS " == *" fanslow "* ]]; then
        sc=fanslow
        echo "#### $(scenario_title fanslow)"
        echo
        echo "| wsio-echo | runs | deliveries/s | /without | µs/delivery | p50 µs | p99 µs | lost + reordered | slow subscribers closed | server RSS before → after KiB | other CPU % |"
        echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        w=$(median fanslow wsio deliveries_per_sec)
        for s in wsio wsio-slow1; do
            if [ -e "$WORK/fanslow.$s.skipped" ]; then echo "| $s | 0 | skipped | | | | | | | | |"; continue; fi
            if [ "$(nruns fanslow "$s")" = 0 ]; then echo "| $s | 0 | no RESULT (see above) | | | | | | | | |"; continue; fi
            f=$(median fanslow "$s" deliveries_per_sec)
            echo "| $([ $s = wsio ] && echo "$C_FAN subscribers" || echo "$C_FAN + 1 that never reads") | $(nruns fanslow "$s") | $(fmt "$f" %.0f) | $(ratio "$f" "$w") | $(median fanslow "$s" server_us_per_delivery) | $(median fanslow "$s" p50_us) | $(median fanslow "$s" p99_us) | $(sum_of "$(median fanslow "$s" lost)" "$(median fanslow "$s" reordered)") | $(median fanslow "$s" slow_closed) | $(median fanslow "$s" rss_before_kib) → $(median fanslow "$s" rss_after_kib) | $(median fanslow "$s" other_cpu) |"
        done
        echo
        echo "Deliveries counted on the subscribers that read. The one that never reads has a 4 KiB receive buffer (set before connecting), so what it does not take piles up in the server; wsio-echo runs with \`--max-buffered $SLOW_CAP\` (\`overflow\` close: past it the server closes that subscriber with 1008 and frees what it queued). \"slow subscribers closed\" counts the closes the load generator saw: the server's FIN waits behind the bytes the subscriber never reads, so it usually stays 0 and the RSS column shows the bound instead. The target: /without near 1."
        echo
    fi
}

if [ -n "$OUT" ]; then
    report | tee "$OUT"
else
    report
fi

# Every measurement that was not skipped must have produced its RESULT line.
for sc in $SCENARIOS; do
    n=$(scenario_runs "$sc")
    for srv in $(runnable "$sc"); do
        if [ "$(nruns "$sc" "$srv")" -lt "$n" ]; then
            echo "run.sh: missing results for $sc/$srv" >&2
            FAILED=1
        fi
    done
done
exit "$FAILED"
