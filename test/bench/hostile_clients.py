#!/usr/bin/env python3
# Copyright (c) 2026 The Boost.WebSocketIO authors
# Distributed under the Boost Software License, Version 1.0.
"""Hostile clients against a running echo server, with its RSS sampled.

Three scenarios on 127.0.0.1, each bounded in time:
  flood    one client sends 125-byte pings as fast as it can and never reads
  big      N clients each send one large message, read the echo, then idle
  trickle  N clients each declare a 16 MiB frame and send one byte a second

Prints the server's RSS (VmRSS of --pid) before, at the peak and at the end,
and for trickle how many connections the server still holds over time.
Usage: hostile_clients.py --port P --pid PID SCENARIO [--seconds S] [--conns N]
This is a measuring tool, not a test: the integration tests assert the bounds.
"""
import argparse
import base64
import os
import socket
import struct
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def upgrade(port):
    s = socket.create_connection(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\n"
               f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
               ).encode())
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = s.recv(4096)
        if not chunk:
            raise RuntimeError("no 101")
        buf += chunk
    assert buf.startswith(b"HTTP/1.1 101"), buf[:40]
    return s


def header(opcode, n):
    b0 = 0x80 | opcode
    if n < 126:
        return struct.pack("!BB", b0, 0x80 | n) + b"\0\0\0\0"
    if n < 65536:
        return struct.pack("!BBH", b0, 0x80 | 126, n) + b"\0\0\0\0"
    return struct.pack("!BBQ", b0, 0x80 | 127, n) + b"\0\0\0\0"


def alive(s):
    s.setblocking(False)
    try:
        data = s.recv(65536)
        return data != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        s.setblocking(True)


def flood(a):
    s = upgrade(a.port)
    s.setblocking(False)
    ping = header(0x9, 125) + b"p" * 125
    burst = ping * 512
    sent, peak, start = 0, 0, time.time()
    base = rss_kib(a.pid)
    ended = "connection open"
    while time.time() - start < a.seconds:
        try:
            sent += s.send(burst)
        except BlockingIOError:
            time.sleep(0.01)
        except OSError as e:
            ended = f"connection ended after {time.time() - start:.1f}s ({e})"
            break
        peak = max(peak, rss_kib(a.pid))
    if ended == "connection open" and not alive(s):
        ended = "connection closed by the server"
    print(f"flood: {a.seconds}s, client sent {sent >> 20} MiB of pings; "
          f"server RSS {base} KiB -> peak {peak} KiB (+{peak - base} KiB); "
          f"{ended}")


def big(a):
    size = a.size
    base = rss_kib(a.pid)
    socks = [upgrade(a.port) for _ in range(a.conns)]
    idle = rss_kib(a.pid)
    msg = header(0x2, size) + b"b" * size
    peak = idle
    for s in socks:
        s.sendall(msg)
        got = 0
        while got < size + 10:
            got += len(s.recv(1 << 20))
        peak = max(peak, rss_kib(a.pid))
    time.sleep(1.0)
    after = rss_kib(a.pid)
    print(f"big: {a.conns} connections x {size >> 20} MiB echoed; server RSS "
          f"{base} KiB, {idle} KiB idle, peak {peak} KiB, {after} KiB 1 s "
          f"after (+{(after - idle) // a.conns} KiB per connection)")


def trickle(a):
    base = rss_kib(a.pid)
    socks = [upgrade(a.port) for _ in range(a.conns)]
    for s in socks:
        s.sendall(header(0x2, 16 << 20))
    start, last = time.time(), -1
    while time.time() - start < a.seconds:
        held = 0
        for s in socks:
            try:
                s.sendall(b"x")
                held += alive(s)
            except OSError:
                pass
        t = int(time.time() - start)
        if t // 10 != last:
            last = t // 10
            print(f"trickle: t={t:3d}s {held}/{a.conns} held, server RSS "
                  f"{rss_kib(a.pid)} KiB (+{rss_kib(a.pid) - base} KiB)")
        time.sleep(1.0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("scenario", choices=["flood", "big", "trickle"])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--pid", type=int, required=True)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--conns", type=int, default=4)
    p.add_argument("--size", type=int, default=15 << 20)
    a = p.parse_args()
    {"flood": flood, "big": big, "trickle": trickle}[a.scenario](a)


if __name__ == "__main__":
    main()
