#!/usr/bin/env python3
# Copyright (c) 2026 The Boost.WebSocketIO authors
# Distributed under the Boost Software License, Version 1.0.
"""End-to-end test of example/beast_attach: a plain Beast HTTP server that
hands upgrades to wsio::server::handle_upgrade with the parser's leftover
bytes. Checks static files, the JSON endpoint, an RFC 6455 client, and a
hixie-76 client whose key3 (and a first frame) arrive in the same TCP
segment as the request header: the leftover path."""

import base64, hashlib, json, os, socket, struct, subprocess, sys, time

exe = sys.argv[1]
failures = 0
passes = 0


def check(cond, what):
    global failures, passes
    print(("PASS " if cond else "FAIL ") + what, flush=True)
    if cond:
        passes += 1
    else:
        failures += 1


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def recv_until(s, delim, limit=1 << 20):
    data = b""
    while delim not in data:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > limit:
            break
    return data


def recv_exact(s, n, buf=b""):
    while len(buf) < n:
        chunk = s.recv(65536)
        if not chunk:
            raise EOFError("closed")
        buf += chunk
    return buf[:n], buf[n:]


port = free_port()
proc = subprocess.Popen([exe, "--port", str(port)], stdout=subprocess.PIPE,
                        text=True)
try:
    line = proc.stdout.readline()
    check("listening" in line, "server prints its ready line: " + line.strip())

    # Static file and JSON endpoint, served by Beast.
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    r = recv_until(s, b"</html>")
    check(r.startswith(b"HTTP/1.1 200") and b"handle_upgrade" in r,
          "GET / serves index.html")
    s.sendall(b"GET /api/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    r = recv_until(s, b"}")
    body = r.split(b"\r\n\r\n", 1)[1]
    check(r.startswith(b"HTTP/1.1 200") and "clients" in json.loads(body),
          "GET /api/status answers JSON")
    s.close()

    # RFC 6455 client with a masked frame in the same segment as the header.
    key = base64.b64encode(os.urandom(16))
    accept = base64.b64encode(hashlib.sha1(
        key + b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest())
    mask = b"\x01\x02\x03\x04"
    payload = "héllo 😀".encode()
    frame = bytes([0x81, 0x80 | len(payload)]) + mask + bytes(
        b ^ mask[i % 4] for i, b in enumerate(payload))
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
              b"Connection: Upgrade\r\nSec-WebSocket-Key: " + key +
              b"\r\nSec-WebSocket-Version: 13\r\n\r\n" + frame)
    head = recv_until(s, b"\r\n\r\n")
    hdr, rest = head.split(b"\r\n\r\n", 1)
    check(hdr.startswith(b"HTTP/1.1 101") and
          b"Sec-WebSocket-Accept: " + accept in hdr,
          "RFC 6455 handshake through handle_upgrade")
    h, rest = recv_exact(s, 2, rest)
    data, rest = recv_exact(s, h[1] & 0x7F, rest)
    check(h[0] == 0x81 and data == payload,
          "RFC 6455 frame sent with the header is echoed")
    close = bytes([0x88, 0x82]) + mask + bytes(
        b ^ mask[i % 4] for i, b in enumerate(struct.pack("!H", 1000)))
    s.sendall(close)
    h, rest = recv_exact(s, 2, rest)
    code, rest = recv_exact(s, 2, rest)
    check(h[0] == 0x88 and struct.unpack("!H", code)[0] == 1000,
          "RFC 6455 close 1000 echoed")
    s.close()

    # hixie-76: key3 and a first frame in the same segment as the header.
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET /ws HTTP/1.1\r\nHost: example.com\r\nConnection: Upgrade\r\n"
              b"Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\nUpgrade: WebSocket\r\n"
              b"Sec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
              b"Origin: http://example.com\r\n\r\n^n:ds[4U"
              b"\x00leftover frame\xff")
    head = recv_until(s, b"\r\n\r\n")
    hdr, rest = head.split(b"\r\n\r\n", 1)
    check(hdr.startswith(b"HTTP/1.1 101 WebSocket Protocol Handshake") and
          b"Sec-WebSocket-Location: ws://example.com/ws" in hdr,
          "hixie-76 handshake through handle_upgrade")
    answer, rest = recv_exact(s, 16, rest)
    check(answer == b"8jKS'y:G*Co,Wxa-", "hixie-76 key3 from the leftover bytes")
    echo, rest = recv_exact(s, len(b"\x00leftover frame\xff"), rest)
    check(echo == b"\x00leftover frame\xff",
          "hixie-76 frame after key3 in the same segment is echoed")
    s.sendall(b"\xff\x00")
    tail = rest + recv_until(s, b"\xff\x00")
    check(tail == b"\xff\x00", "hixie-76 closing frame answered")
    check(s.recv(16) == b"", "server closes TCP after the closing handshake")
    s.close()

    # Graceful shutdown on SIGTERM, with an idle keep-alive HTTP connection
    # and an open WebSocket: the WebSocket gets close 1001, the idle
    # connection is closed, and the process exits 0 at once (not after the
    # 10 s HTTP timeout, nor after the 5 s shutdown deadline).
    idle = socket.create_connection(("127.0.0.1", port), timeout=5)
    idle.sendall(b"GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n")
    r = recv_until(idle, b"}")
    check(r.startswith(b"HTTP/1.1 200") and b"Connection: close" not in r,
          "keep-alive HTTP connection answered and left open")
    ws = socket.create_connection(("127.0.0.1", port), timeout=5)
    ws.sendall(b"GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
               b"Connection: Upgrade\r\nSec-WebSocket-Key: " + key +
               b"\r\nSec-WebSocket-Version: 13\r\n\r\n")
    hdr, rest = recv_until(ws, b"\r\n\r\n").split(b"\r\n\r\n", 1)
    check(hdr.startswith(b"HTTP/1.1 101"), "WebSocket open before SIGTERM")
    time.sleep(0.1)  # the idle connection waits for its next request
    t0 = time.monotonic()
    proc.terminate()
    h, rest = recv_exact(ws, 2, rest)
    code, rest = recv_exact(ws, 2, rest)
    check(h[0] == 0x88 and struct.unpack("!H", code)[0] == 1001,
          "SIGTERM: the WebSocket client gets close 1001")
    ws.sendall(bytes([0x88, 0x82]) + mask + bytes(
        b ^ mask[i % 4] for i, b in enumerate(struct.pack("!H", 1001))))
    check(ws.recv(16) == b"", "SIGTERM: the server closes the WebSocket TCP")
    ws.close()
    check(idle.recv(16) == b"", "SIGTERM: the idle HTTP connection is closed")
    idle.close()
    try:
        code = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        code = None
    took = time.monotonic() - t0
    check(code == 0 and took < 2.0,
          "SIGTERM: exit 0 in %.2f s (bound 2 s), exit %s" % (took, code))
finally:
    proc.terminate()
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = -1
    check(code == 0, "server exits cleanly on SIGTERM (exit %s)" % code)

print("%d passed, %d failed" % (passes, failures))
sys.exit(1 if failures else 0)
