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

Run it with /usr/bin/python3: the package is Debian's (10.4 on Debian 12:
`websockets.connect` is the asyncio client of websockets.legacy). The client
offers permessage-deflate by default, as it does in the field
("permessage-deflate; client_max_window_bits"; the "extensions" step checks
the offer went out), and then compresses every message it sends, however
short.

Without WSIO_ECHO_DEFLATE (run_client.py without --deflate) the server runs
with its default, compression off, and must decline the offer: no
Sec-WebSocket-Extensions in its 101 answer, no extension in use. With
WSIO_ECHO_DEFLATE=shared or dedicated (wsio-echo --permessage-deflate MODE)
it must accept it with exactly that mode's parameters (DEFLATE_PARAMS), the
client's negotiated PerMessageDeflate must match them, and the session also
echoes the compression cases (deflate_cases(), burst) and reports as
"python-websockets-deflate-MODE".

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
DEFLATE = os.environ.get("WSIO_ECHO_DEFLATE", "")
if DEFLATE not in ("", "shared", "dedicated"):
    print("FAIL python-websockets hybi-13 setup: WSIO_ECHO_DEFLATE is %r, "
          "not shared or dedicated" % DEFLATE)
    sys.exit(1)
CLIENT = ("python-websockets" + ("-deflate-" + DEFLATE if DEFLATE else "")
          + ("-wss" if TLS else ""))
DRAFT = "hybi-13"
STEP_TIMEOUT = 15.0

ASCII = "Hello, wsio-echo! 0123456789 ~!@#$%^&*()"
UTF8 = "h\u00e9llo w\u00f6rld \u2014 \u2603 \u4e2d\u6587 \U0001F600 \U0001D11E end"
assert b"\xf0\x9f\x98\x80" in UTF8.encode()
BINARY = bytes(i % 256 for i in range(512))
LARGE = bytes((i * 131 + 7) & 0xFF for i in range(70000))

# permessage-deflate (RFC 7692). The exact parameters wsio-echo answers to
# this client's offer with its default window sizes (15 bits both ways, so
# no *_max_window_bits): shared mode adds server_no_context_takeover and
# client_no_context_takeover whatever the offer (RFC 7692 sections 7.1.1.1
# and 7.1.1.2 allow it); dedicated mode keeps context takeover both ways
# and names no parameter.
DEFLATE_PARAMS = {
    "shared": ["client_no_context_takeover", "server_no_context_takeover"],
    "dedicated": [],
}
KOSME = "\u03ba\u1f79\u03c3\u03bc\u03b5"  # "kosme" in Greek, 11 bytes
assert len(KOSME.encode()) == 11
BURST_COUNT = 100


def json_text(size, seed=0):
    """Compressible JSON-like ASCII text of exactly size bytes (the
    records of test/clients/common.js jsonText)."""
    parts = ["["]
    length = 1
    i = 0
    while length < size:
        n = seed * 1000 + i
        record = ('{"id":%d,"user":"user-%d","room":"lobby","score":%d,'
                  '"active":%s,"tags":["alpha","beta","gamma"]},'
                  % (n, n % 97, (n * 37) % 1000,
                     "true" if n % 3 == 0 else "false"))
        parts.append(record)
        length += len(record)
        i += 1
    return "".join(parts)[:size - 1] + "]"


def deflate_cases():
    """(name, payload) echoed in order by every deflate session: str is
    sent as text, bytes as binary. An empty message (compressed, a lone
    empty deflate block: RFC 7692 section 7.2.3.6); 16 bytes, below the
    server's 1024-byte threshold (its echo goes uncompressed); 1 KiB and
    64 KiB of JSON-like text; 256 KiB of random bytes (incompressible);
    2,000 x "kosme" in Greek (22,000 bytes of 2- and 3-byte UTF-8)."""
    return [
        ("empty-text", ""),
        ("text-16", "sixteen bytes!!!"),
        ("json-1k", json_text(1024)),
        ("json-64k", json_text(64 * 1024)),
        ("random-binary-256k", os.urandom(256 * 1024)),
        ("utf8-kosme-2000", KOSME * 2000),
    ]


def expected_extensions():
    if not DEFLATE:
        return "(none)"
    return "; ".join(["permessage-deflate"] + DEFLATE_PARAMS[DEFLATE])


def parse_extensions(header):
    """[(name, sorted params)] of a Sec-WebSocket-Extensions value (RFC
    6455 section 9.1): names in lower case, "name" or "name=value"."""
    result = []
    for ext in header.split(",") if header else []:
        parts = [p.strip() for p in ext.split(";")]
        params = []
        for p in parts[1:]:
            name, eq, value = p.partition("=")
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            params.append(name.strip().lower() + (eq and "=" + value))
        result.append((parts[0].lower(), sorted(params)))
    return result


def check_extensions(ws):
    """The server's Sec-WebSocket-Extensions and the extensions the client
    put in use are what wsio-echo answers in this mode."""
    # Without an offer, "no extension" would prove nothing.
    offer = ", ".join(ws.request_headers.get_all("Sec-WebSocket-Extensions"))
    if not any(name == "permessage-deflate"
               for name, _ in parse_extensions(offer)):
        raise AssertionError("the client did not offer permessage-deflate: "
                             "%r" % offer)
    headers = ws.response_headers.get_all("Sec-WebSocket-Extensions")
    header = ", ".join(headers)
    got = parse_extensions(header)
    if not DEFLATE:
        if got or headers:
            raise AssertionError(
                "server negotiated %r but runs without --permessage-deflate "
                "(default: off), want no Sec-WebSocket-Extensions" % header)
        expect("extensions in use", ws.extensions, [])
        return
    if not got:
        raise AssertionError(
            "server did not negotiate permessage-deflate (no "
            "Sec-WebSocket-Extensions in its answer; want %r for "
            "--permessage-deflate %s)" % (expected_extensions(), DEFLATE))
    if got != [("permessage-deflate", DEFLATE_PARAMS[DEFLATE])]:
        raise AssertionError(
            "Sec-WebSocket-Extensions %r, want %r (in any order) for "
            "--permessage-deflate %s" % (header, expected_extensions(),
                                         DEFLATE))
    # What the client made of it (websockets' PerMessageDeflate: remote is
    # the server, local the client).
    expect("number of extensions in use", len(ws.extensions), 1)
    pmd = ws.extensions[0]
    shared = DEFLATE == "shared"
    expect("extension in use", pmd.name, "permessage-deflate")
    expect("remote_no_context_takeover", pmd.remote_no_context_takeover,
           shared)
    expect("local_no_context_takeover", pmd.local_no_context_takeover,
           shared)
    expect("remote_max_window_bits", pmd.remote_max_window_bits, 15)
    expect("local_max_window_bits", pmd.local_max_window_bits, 15)


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
            if isinstance(v, str) and len(v) > 64:
                return "%d characters %r..." % (len(v), v[:32])
            return repr(v)
        if (isinstance(got, str) and isinstance(want, str)
                and max(len(got), len(want)) > 64):
            i = 0
            while i < min(len(got), len(want)) and got[i] == want[i]:
                i += 1
            raise AssertionError(
                "%s: got %d characters, want %d; first difference at %d: "
                "got %r, want %r" % (what, len(got), len(want), i,
                                     got[i:i + 32], want[i:i + 32]))
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

    async def extensions():
        check_extensions(ws)

    await step("extensions", extensions)

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

    if DEFLATE:
        for name, payload in deflate_cases():
            await step(name, lambda payload=payload: echo(payload))

        async def burst():
            # Sent back to back before any echo is read: in dedicated mode
            # each is compressed against the ones before it (context
            # takeover, RFC 7692 section 7.2.3.3).
            messages = [json_text(1536, i + 1) for i in range(BURST_COUNT)]
            for m in messages:
                await ws.send(m)
            for i, m in enumerate(messages):
                got = await ws.recv()
                expect("message %d of %d" % (i, len(messages)), got, m)

        await step("burst-%dx1536" % BURST_COUNT, burst)

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
