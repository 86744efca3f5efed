#!/usr/bin/env python3
#
# Copyright (c) 2026 The Boost.WebSocketIO authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Official repository: https://github.com/boostorg/websocketio
#
"""Memory of permessage-deflate connections after they were used.

    deflate_idle.py --pid PID --port PORT [-n N] [--settle S] [--quiet Q]

Opens N connections to ws://127.0.0.1:PORT/ offering
`permessage-deflate; client_max_window_bits` (Chrome's offer), then on each
one sends one compressed 1 KiB JSON-like text message and reads its echo,
so that both of the server's zlib streams exist. It prints the server's
RSS per connection (VmRSS of PID, minus its value before connecting) three
times:

- `open`:   after the handshakes, before any message (what loadgen's idle
            mode measures: a dedicated server has made no zlib stream yet);
- `used`:   S seconds after every connection's echo;
- `quiet`:  Q seconds later still (a server that frees state of quiet
            connections has done so by then: wsio-echo's tick is 7.5 s).

Each connection sends one message, so the client's own context takeover
does not matter; the echo is inflated and compared. Needs only
the Python standard library. The descriptor limit bounds N (ulimit -n).
"""

import argparse
import base64
import os
import socket
import struct
import sys
import time
import zlib


def rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS for pid %d" % pid)


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise RuntimeError("connection closed")
        buf += chunk
    return buf


def read_header(s):
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            raise RuntimeError("closed during handshake")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    if rest:
        raise RuntimeError("unexpected bytes after the 101")
    return head.decode("latin-1")


def masked_frame(b0, payload):
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        h = struct.pack("!BB", b0, 0x80 | n)
    elif n < 65536:
        h = struct.pack("!BBH", b0, 0x80 | 126, n)
    else:
        h = struct.pack("!BBQ", b0, 0x80 | 127, n)
    body = bytes(c ^ mask[i & 3] for i, c in enumerate(payload))
    return h + mask + body


def read_frame(s):
    b0, b1 = recv_exact(s, 2)
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack("!H", recv_exact(s, 2))[0]
    elif n == 127:
        n = struct.unpack("!Q", recv_exact(s, 8))[0]
    return b0, recv_exact(s, n)


def json_text(i):
    items = []
    k = 0
    while sum(len(x) for x in items) < 1024:
        items.append('{"id":%d,"user":"name-%d","text":"message %d of '
                     'the quick brown fox"},' % (i * 100 + k, k % 7, k))
        k += 1
    return "".join(items)[:1024].encode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--settle", type=float, default=2.0)
    ap.add_argument("--quiet", type=float, default=20.0)
    a = ap.parse_args()

    base = rss_kib(a.pid)
    conns = []
    answer = None
    for i in range(a.n):
        s = socket.create_connection(("127.0.0.1", a.port))
        key = base64.b64encode(os.urandom(16)).decode()
        s.sendall(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n"
                   "Sec-WebSocket-Extensions: permessage-deflate; "
                   "client_max_window_bits\r\n\r\n" % key).encode())
        head = read_header(s)
        if not head.startswith("HTTP/1.1 101"):
            sys.exit("deflate_idle: not upgraded: " + head.splitlines()[0])
        ext = [l.split(":", 1)[1].strip() for l in head.split("\r\n")
               if l.lower().startswith("sec-websocket-extensions:")]
        if not ext or not ext[0].startswith("permessage-deflate"):
            sys.exit("deflate_idle: the server did not negotiate "
                     "permessage-deflate")
        answer = ext[0]
        conns.append(s)
    time.sleep(a.settle)
    opened = rss_kib(a.pid)

    for i, s in enumerate(conns):
        z = zlib.compressobj(6, zlib.DEFLATED, -15)
        msg = json_text(i)
        data = z.compress(msg) + z.flush(zlib.Z_SYNC_FLUSH)
        assert data.endswith(b"\x00\x00\xff\xff")
        s.sendall(masked_frame(0x80 | 0x40 | 0x1, data[:-4]))
        b0, payload = read_frame(s)
        if b0 & 0x40:
            d = zlib.decompressobj(-15)
            payload = d.decompress(payload + b"\x00\x00\xff\xff")
        if payload != msg:
            sys.exit("deflate_idle: echo %d differs" % i)
    time.sleep(a.settle)
    used = rss_kib(a.pid)
    time.sleep(a.quiet)
    quiet = rss_kib(a.pid)

    def per(kib):
        return (kib - base) * 1024.0 / a.n
    print("deflate_idle: %d connections, answer '%s'" % (a.n, answer))
    print("RESULT open %.0f used %.0f quiet %.0f (bytes per connection)"
          % (per(opened), per(used), per(quiet)))
    for s in conns:
        s.close()


if __name__ == "__main__":
    main()
