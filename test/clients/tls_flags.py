#!/usr/bin/python3
#
# Copyright (c) 2026 The Boost.WebSocketIO authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Official repository: https://github.com/boostorg/websocketio
#

"""The --tls-cert / --tls-key flags of wsio-echo and wsio-chat.

    tls_flags.py --echo PATH/wsio-echo [--chat PATH/wsio-chat]

For each server:
- one flag without the other: exit 2 and "--tls-cert and --tls-key go
  together" on stderr;
- a missing certificate file, a file that is not PEM, a missing key file, the
  key of another certificate and an encrypted key (no prompt: stdin is
  closed): exit 1 within 10 s with "cannot load the TLS certificate chain
  FILE" or "cannot load the TLS private key FILE" on stderr, and no
  "listening" line;
- with a good pair: the banner says wss:// (echo) or https:// (chat); a
  client that trusts the certificate gets a WebSocket over TLS (echo: a text
  message echoed; chat: the first message, the roster); a plain-text
  HTTP request to the port gets no HTTP answer; a client limited to TLS 1.1
  is refused by the server (a protocol_version alert); SIGTERM: exit 0.
For the chat also: GET / over https answers 200 with the page
(text/html).

Prints one PASS/FAIL line per case, as the client scripts do; exits 0 only
if every case passed.
"""

import argparse
import asyncio
import json
import os
import re
import select
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_client  # noqa: E402  (make_cert)

try:
    import websockets
except ImportError as e:
    print("FAIL tls-flags - setup: %s (install python3-websockets: run "
          ".ci/install-deps, and use /usr/bin/python3)" % e)
    sys.exit(1)

TIMEOUT = 10.0
results = {"pass": 0, "fail": 0}


def report(server, name, error):
    if error is None:
        print("PASS tls-flags %s %s" % (server, name), flush=True)
        results["pass"] += 1
    else:
        print("FAIL tls-flags %s %s: %s" % (server, name, error), flush=True)
        results["fail"] += 1


def case(server, name, fn):
    try:
        fn()
    except Exception as e:  # every failure is a FAIL line
        report(server, name, "%s: %s" % (type(e).__name__, e))
        return False
    report(server, name, None)
    return True


def expect(what, got, want):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


def openssl(*args):
    subprocess.run(["openssl"] + list(args), check=True, timeout=30,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)


def run_refused(binary, args, want_rc, want_text):
    """Runs binary with args; it must exit want_rc within TIMEOUT, with
    want_text on stderr and no listening line."""
    done = subprocess.run([binary, "--port", "0", "--address", "127.0.0.1"]
                          + args, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=TIMEOUT)
    err = done.stderr.decode(errors="replace")
    out = done.stdout.decode(errors="replace")
    expect("exit code (stderr %r)" % err.strip(), done.returncode, want_rc)
    if want_text not in err:
        raise AssertionError("stderr %r lacks %r" % (err, want_text))
    if "listening" in out:
        raise AssertionError("it listened anyway: %r" % out)


class Running:
    """A server started with a good certificate; reads its banner."""

    def __init__(self, binary, args, banner):
        self.proc = subprocess.Popen(
            [binary, "--port", "0", "--address", "127.0.0.1"] + args,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        text = b""
        deadline = time.monotonic() + TIMEOUT
        fd = self.proc.stdout.fileno()
        while not re.search(banner.encode(), text):
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            text += chunk
        self.banner = text.decode(errors="replace")
        m = re.search(banner, self.banner)
        self.port = int(m.group(1)) if m else None

    def stop(self):
        """SIGTERM; the exit code (None if it had to be killed)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None


def plain_request_unanswered(port):
    """A plain-text HTTP request to the TLS port must get no HTTP answer:
    the server closes the connection (at most a TLS alert comes back)."""
    with socket.create_connection(("127.0.0.1", port), TIMEOUT) as s:
        s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        s.settimeout(TIMEOUT)
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    if data.startswith(b"HTTP/"):
        raise AssertionError("plain HTTP answered: %r" % data[:40])


def tls11_refused(port, ca):
    """A client offering only TLS 1.1 gets the server's protocol_version
    alert (the client itself can still send a TLS 1.1 hello: security
    level 0)."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(ca)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_1
    ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    ctx.set_ciphers("DEFAULT:@SECLEVEL=0")
    with socket.create_connection(("127.0.0.1", port), TIMEOUT) as s:
        try:
            with ctx.wrap_socket(s, server_hostname="127.0.0.1"):
                pass
        except ssl.SSLError as e:
            if "ALERT_PROTOCOL_VERSION" not in str(e):
                raise AssertionError("refused, but not by the server's "
                                     "protocol_version alert: %s" % e)
            return
    raise AssertionError("a TLS 1.1 handshake succeeded")


def https_get(port, ca, path="/"):
    ctx = ssl.create_default_context(cafile=ca)
    with socket.create_connection(("127.0.0.1", port), TIMEOUT) as s:
        with ctx.wrap_socket(s, server_hostname="127.0.0.1") as t:
            t.settimeout(TIMEOUT)
            t.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                       "Connection: close\r\n\r\n" % (path, port)).encode())
            data = b""
            while True:
                try:
                    chunk = t.recv(65536)
                except ssl.SSLEOFError:
                    break
                if not chunk:
                    break
                data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode(errors="replace"), body


async def wss_exchange(url, ca, send, want):
    ctx = ssl.create_default_context(cafile=ca)
    async with websockets.connect(url, ssl=ctx, open_timeout=TIMEOUT,
                                  close_timeout=TIMEOUT) as ws:
        if ws.transport.get_extra_info("ssl_object") is None:
            raise AssertionError("no TLS")
        if send is not None:
            await ws.send(send)
        got = await asyncio.wait_for(ws.recv(), TIMEOUT)
        want(got)
        await ws.close(1000)
        expect("close code", ws.close_code, 1000)


def check(name, binary, scratch, cert, key):
    other_key = os.path.join(scratch, "other-key.pem")
    enc_key = os.path.join(scratch, "encrypted-key.pem")
    not_pem = os.path.join(scratch, "not-pem.txt")
    missing = os.path.join(scratch, "missing.pem")
    usage = "--tls-cert and --tls-key go together"
    chain = "cannot load the TLS certificate chain "
    pkey = "cannot load the TLS private key "

    case(name, "cert-without-key",
         lambda: run_refused(binary, ["--tls-cert", cert], 2, usage))
    case(name, "key-without-cert",
         lambda: run_refused(binary, ["--tls-key", key], 2, usage))
    case(name, "missing-cert", lambda: run_refused(
        binary, ["--tls-cert", missing, "--tls-key", key], 1,
        chain + missing))
    case(name, "cert-not-pem", lambda: run_refused(
        binary, ["--tls-cert", not_pem, "--tls-key", key], 1,
        chain + not_pem))
    case(name, "missing-key", lambda: run_refused(
        binary, ["--tls-cert", cert, "--tls-key", missing], 1,
        pkey + missing))
    case(name, "key-of-another-cert", lambda: run_refused(
        binary, ["--tls-cert", cert, "--tls-key", other_key], 1,
        pkey + other_key))
    case(name, "encrypted-key", lambda: run_refused(
        binary, ["--tls-cert", cert, "--tls-key", enc_key], 1,
        pkey + enc_key))

    if name == "wsio-echo":
        banner = r"wsio-echo listening on wss://127\.0\.0\.1:(\d+)/"
    else:
        banner = (r"wsio-chat: open https://127\.0\.0\.1:(\d+)/ in a "
                  r"browser")
    server = Running(binary, ["--tls-cert", cert, "--tls-key", key], banner)
    started = case(name, "banner", lambda: expect(
        "banner %r has %r" % (server.banner, banner), server.port is not None,
        True))
    if started:
        port = server.port
        if name == "wsio-echo":
            def echo_check(got):
                expect("echo", got, "h\u00e9llo \U0001F600")
            case(name, "wss-echo", lambda: asyncio.run(wss_exchange(
                "wss://127.0.0.1:%d/" % port, cert, "h\u00e9llo \U0001F600",
                echo_check)))
        else:
            def page():
                head, body = https_get(port, cert)
                status = head.split("\r\n", 1)[0]
                expect("status line", status, "HTTP/1.1 200 OK")
                if not re.search(r"(?im)^content-type: text/html", head):
                    raise AssertionError("not text/html: %r" % head)
                if b"/chat" not in body:
                    raise AssertionError("the page does not open /chat")
            case(name, "https-page", page)

            def roster(got):
                expect("first message", json.loads(got),
                       {"type": "roster", "online": []})
            case(name, "wss-chat", lambda: asyncio.run(wss_exchange(
                "wss://127.0.0.1:%d/chat" % port, cert, None, roster)))
        case(name, "plain-http-unanswered",
             lambda: plain_request_unanswered(port))
        case(name, "tls-1.1-refused", lambda: tls11_refused(port, cert))
    rc = server.stop()
    case(name, "sigterm", lambda: expect(
        "exit code after SIGTERM (stderr %r)"
        % server.proc.stderr.read().decode(errors="replace"), rc, 0))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--echo", required=True)
    parser.add_argument("--chat")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wsio-tls-flags-") as scratch:
        made = run_client.make_cert(scratch)
        if made is None:
            return 1
        cert, key = made
        # Another certificate's key; an encrypted copy of the right key; a
        # file that is not PEM.
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=other", "-keyout",
                os.path.join(scratch, "other-key.pem"), "-out",
                os.path.join(scratch, "other-cert.pem"))
        openssl("pkey", "-in", key, "-aes256", "-passout", "pass:secret",
                "-out", os.path.join(scratch, "encrypted-key.pem"))
        with open(os.path.join(scratch, "not-pem.txt"), "w") as f:
            f.write("this is not a certificate\n")
        check("wsio-echo", args.echo, scratch, cert, key)
        if args.chat:
            check("wsio-chat", args.chat, scratch, cert, key)
    print("%d passed, %d failed" % (results["pass"], results["fail"]))
    return 1 if results["fail"] or not results["pass"] else 0


if __name__ == "__main__":
    sys.exit(main())
