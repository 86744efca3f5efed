#!/usr/bin/python3
#
# Copyright (c) 2026 The Boost.WebSocketIO authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Official repository: https://github.com/boostorg/websocketio
#

"""Python `websockets` (Debian python3-websockets) against wsio-echo, RFC 6455.

Run it with /usr/bin/python3: the package is Debian's. The client offers
permessage-deflate by default, as it does in the field; the server must
either decline it or speak it.

Over wss:// (WSIO_ECHO_URL starts with wss://) it trusts only the
certificate in WSIO_ECHO_CA, checks the host name, and reports as
"python-websockets-wss".
"""

import asyncio
import logging
import os
import ssl
import sys

try:
    import websockets
except ImportError as e:
    print("FAIL python-websockets hybi-13 setup: %s "
          "(install python3-websockets: run .ci/install-deps, and use "
          "/usr/bin/python3)" % e)
    sys.exit(1)

URL = os.environ.get("WSIO_ECHO_URL", "")
TLS = URL.startswith("wss://")
CLIENT = "python-websockets-wss" if TLS else "python-websockets"
DRAFT = "hybi-13"
STEP_TIMEOUT = 15.0

ASCII = "Hello, wsio-echo! 0123456789 ~!@#$%^&*()"
UTF8 = "h\u00e9llo w\u00f6rld \u2014 \u2603 \u4e2d\u6587 \U0001F600 \U0001D11E end"
assert b"\xf0\x9f\x98\x80" in UTF8.encode()
BINARY = bytes(i % 256 for i in range(512))
LARGE = bytes((i * 131 + 7) & 0xFF for i in range(70000))

results = {"pass": 0, "fail": 0}


class Recorder(logging.Handler):
    """Keeps the client's debug log: it says who closed TCP."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


recorder = Recorder()
client_logger = logging.getLogger("websockets.client")
client_logger.setLevel(logging.DEBUG)
client_logger.propagate = False
client_logger.addHandler(recorder)


async def step(name, coro_fn):
    try:
        await asyncio.wait_for(coro_fn(), STEP_TIMEOUT)
    except asyncio.TimeoutError:
        print("FAIL %s %s %s: no answer within %.0f s"
              % (CLIENT, DRAFT, name, STEP_TIMEOUT), flush=True)
        results["fail"] += 1
        return False
    except Exception as e:  # report every failure as a FAIL line
        print("FAIL %s %s %s: %s: %s"
              % (CLIENT, DRAFT, name, type(e).__name__, e), flush=True)
        results["fail"] += 1
        return False
    print("PASS %s %s %s" % (CLIENT, DRAFT, name), flush=True)
    results["pass"] += 1
    return True


def expect(what, got, want):
    if got != want:
        def show(v):
            if isinstance(v, (bytes, bytearray)):
                return "%d bytes %s%s" % (len(v), v[:16].hex(),
                                          "..." if len(v) > 16 else "")
            return repr(v)
        raise AssertionError("%s: got %s, want %s" % (what, show(got),
                                                      show(want)))


async def main():
    ws = None
    tls = {}
    if TLS:
        # Only the test certificate is trusted; the host name is checked.
        context = ssl.create_default_context(
            cafile=os.environ["WSIO_ECHO_CA"])
        tls["ssl"] = context

    async def connect():
        nonlocal ws
        ws = await websockets.connect(URL, open_timeout=STEP_TIMEOUT,
                                      ping_interval=None, max_size=None,
                                      close_timeout=3, **tls)
        if TLS:
            tls_object = ws.transport.get_extra_info("ssl_object")
            if tls_object is None:
                raise AssertionError("wss:// connection without TLS")
            version = tls_object.version()
            if version not in ("TLSv1.2", "TLSv1.3"):
                raise AssertionError("TLS version %s" % version)

    if not await step("connect", connect):
        return

    async def echo(payload):
        await ws.send(payload)
        got = await ws.recv()
        expect("echo", got, payload)
        expect("type", type(got), type(payload))

    await step("text", lambda: echo(ASCII))
    await step("utf8", lambda: echo(UTF8))
    await step("binary", lambda: echo(BINARY))
    await step("large-binary", lambda: echo(LARGE))

    async def fragmented():
        # An iterable is sent as one message in several frames.
        await ws.send(["h\u00e9", "llo \U0001F600", " \u4e2d end"])
        expect("echo", await ws.recv(), "h\u00e9llo \U0001F600 \u4e2d end")

    await step("fragmented-utf8", fragmented)

    async def ping():
        waiter = await ws.ping(b"are you there")
        await waiter

    await step("ping", ping)

    async def close():
        del recorder.messages[:]
        await ws.close(1000, "bye")
        expect("close code from server", ws.close_code, 1000)
        expect("close frame received", ws.close_rcvd.code, 1000)
        expect("closed", ws.closed, True)
        # RFC 6455 7.1.1: the server closes TCP first. The client waits
        # close_timeout for that, then logs "! timed out waiting for TCP
        # close" and half-closes or closes the connection itself.
        own = [m for m in recorder.messages
               if m.startswith("! timed out") or m.startswith("x ")]
        expect("client-side TCP close steps (server should close first)",
               own, [])

    await step("close", close)


asyncio.run(main())
print("%d passed, %d failed" % (results["pass"], results["fail"]))
sys.exit(1 if results["fail"] or not results["pass"] else 0)
