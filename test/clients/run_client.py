#!/usr/bin/python3
#
# Copyright (c) 2026 The Boost.WebSocketIO authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Official repository: https://github.com/boostorg/websocketio
#

"""Runs one real third-party WebSocket client against wsio-echo.

    run_client.py --server PATH/wsio-echo [--tls] [--deflate MODE]
                  [--server-arg=ARG...]
                  [--npm-dir DIR --npm-package PKG...] -- CLIENT-COMMAND...

1. If --npm-dir is given, checks that DIR/node_modules holds every
   --npm-package and fails with a clear message otherwise (never skips
   silently).
2. With --tls, makes a self-signed certificate and key for 127.0.0.1 and
   localhost (subjectAltName IP:127.0.0.1, DNS:localhost; P-256, valid for
   two days) with the `openssl` command, in a temporary folder removed at
   the end; nothing is kept or committed.
3. Starts wsio-echo on a free loopback port (picked by binding port 0, then
   retried if another process takes the port first), with --tls-cert and
   --tls-key under --tls, `--permessage-deflate MODE` under --deflate MODE
   (MODE: shared or dedicated, RFC 7692 compression), then every
   --server-arg in order, and waits for its "wsio-echo listening on
   ws://..." line (wss:// under --tls). --server-arg is repeatable and takes
   one wsio-echo argument each; write an argument that starts with a dash
   as --server-arg=--flag (argparse reads a separate "--flag" as an option
   of run_client.py). Give compression with --deflate, not as a
   --server-arg: only --deflate tells the client to expect it.
4. Runs the client with WSIO_ECHO_URL (ws://127.0.0.1:PORT/, or wss:// under
   --tls), WSIO_ECHO_HOST and WSIO_ECHO_PORT in its environment, under
   --tls WSIO_ECHO_CA: the certificate's PEM file, which the client trusts
   (the certificate is its own CA), and under --deflate MODE
   WSIO_ECHO_DEFLATE=MODE: the client then expects the server to accept
   permessage-deflate with that mode's parameters and echoes the
   compression cases; without it (WSIO_ECHO_DEFLATE removed from the
   environment) the client expects no extension to be negotiated, the
   server's default. A client prints one line per case
   ("PASS <client> <draft> <case>" or "FAIL <client> <draft> <case>:
   <reason>") and exits non-zero on any failure.
5. Sends SIGTERM to the server and checks that it exits 0 in time.

Exits 0 only if the client exited 0, printed at least one PASS and no FAIL
line, and the server started and stopped cleanly.
"""

import argparse
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SERVER_START_TIMEOUT = 15.0   # seconds until the "listening" line
SERVER_STOP_TIMEOUT = 10.0    # SIGTERM -> exit (close_timeout is 5 s)
CLIENT_TIMEOUT = 100.0        # ctest's TIMEOUT is 120 s
OPENSSL_TIMEOUT = 30.0        # certificate generation
PORT_ATTEMPTS = 10


def log(msg):
    print("run_client: " + msg, flush=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def check_node_modules(directory, packages):
    missing = [p for p in packages
               if not os.path.isfile(os.path.join(directory, "node_modules",
                                                  p, "package.json"))]
    if missing:
        log("FAIL: npm package(s) %s missing from %s/node_modules. "
            "Run .ci/install-deps (it runs `npm ci` in test/clients) and "
            "retry." % (", ".join(missing), directory))
        return False
    return True


def make_cert(directory):
    """Writes cert.pem and key.pem (self-signed, P-256, for 127.0.0.1 and
    localhost) into directory with the openssl command. Returns (cert, key),
    or None after logging why it failed."""
    openssl = shutil.which("openssl")
    if openssl is None:
        log("FAIL: the openssl command is not installed (Debian package "
            "openssl: run .ci/install-deps); it makes the test certificate")
        return None
    cert = os.path.join(directory, "cert.pem")
    key = os.path.join(directory, "key.pem")
    command = [
        openssl, "req", "-x509", "-newkey", "ec",
        "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
        "-subj", "/CN=localhost", "-keyout", key, "-out", cert,
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-addext", "keyUsage=critical,digitalSignature,keyCertSign",
        "-addext", "extendedKeyUsage=serverAuth",
    ]
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT,
                              timeout=OPENSSL_TIMEOUT)
    except subprocess.TimeoutExpired:
        log("FAIL: openssl req took over %.0f s" % OPENSSL_TIMEOUT)
        return None
    if done.returncode != 0 or not (os.path.isfile(cert)
                                    and os.path.isfile(key)):
        log("FAIL: openssl req exited with %d:\n%s"
            % (done.returncode, done.stdout.decode(errors="replace")))
        return None
    log("made a self-signed certificate for 127.0.0.1 and localhost: "
        + cert)
    return cert, key


class Server:
    def __init__(self, binary, tls=None, extra_args=()):
        self.binary = binary
        self.tls = tls  # None, or (cert, key)
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None
        self.stderr = tempfile.TemporaryFile()
        self.extra_stdout = []

    def start(self):
        for attempt in range(1, PORT_ATTEMPTS + 1):
            port = free_port()
            command = [self.binary, "--port", str(port),
                       "--address", "127.0.0.1"]
            if self.tls:
                command += ["--tls-cert", self.tls[0],
                            "--tls-key", self.tls[1]]
            command += self.extra_args
            proc = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=self.stderr)
            line = self._read_line(proc, SERVER_START_TIMEOUT)
            if line is not None and re.search(
                    r"wsio-echo listening on %s://127\.0\.0\.1:%d/"
                    % ("wss" if self.tls else "ws", port), line):
                self.proc, self.port = proc, port
                threading.Thread(target=self._drain, daemon=True).start()
                log("server pid %d: %s" % (proc.pid, line.strip()))
                return True
            # Port taken in between, or the server failed: retry or give up.
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            log("attempt %d on port %d failed (exit %s, output %r)"
                % (attempt, port, proc.returncode, line))
            if proc.returncode not in (1,):
                break  # not a "cannot listen" failure: no point retrying
        self.dump_stderr()
        return False

    @staticmethod
    def _read_line(proc, timeout):
        deadline = time.monotonic() + timeout
        data = b""
        fd = proc.stdout.fileno()
        while b"\n" not in data:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 4096)
            if not chunk:
                return data.decode(errors="replace") or None
            data += chunk
        return data.decode(errors="replace")

    def _drain(self):
        for line in self.proc.stdout:
            self.extra_stdout.append(line.decode(errors="replace"))

    def stop(self):
        """SIGTERM; True if the server exited 0 within the timeout."""
        if self.proc.poll() is not None:
            log("FAIL: server exited early with %d" % self.proc.returncode)
            self.dump_stderr()
            return False
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(SERVER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            log("FAIL: server still running %.0f s after SIGTERM"
                % SERVER_STOP_TIMEOUT)
            self.dump_stderr()
            return False
        if rc != 0:
            log("FAIL: server exited with %d after SIGTERM" % rc)
            self.dump_stderr()
            return False
        log("server stopped cleanly %.2f s after SIGTERM"
            % (time.monotonic() - t0))
        return True

    def dump_stderr(self):
        self.stderr.seek(0)
        text = self.stderr.read().decode(errors="replace")
        if text:
            log("server stderr:\n" + text)


def run_client(command, port, ca=None, deflate=None):
    env = dict(os.environ)
    env["WSIO_ECHO_HOST"] = "127.0.0.1"
    env["WSIO_ECHO_PORT"] = str(port)
    env["WSIO_ECHO_URL"] = "%s://127.0.0.1:%d/" % ("wss" if ca else "ws",
                                                   port)
    env.pop("WSIO_ECHO_CA", None)
    if ca:
        env["WSIO_ECHO_CA"] = ca
    env.pop("WSIO_ECHO_DEFLATE", None)
    if deflate:
        env["WSIO_ECHO_DEFLATE"] = deflate
    proc = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    lines = []

    def pump():
        for raw in proc.stdout:
            line = raw.decode(errors="replace")
            lines.append(line)
            sys.stdout.write(line)
            sys.stdout.flush()

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        rc = proc.wait(CLIENT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        reader.join(5)
        log("FAIL: client still running after %.0f s, killed"
            % CLIENT_TIMEOUT)
        return False
    reader.join(5)
    passed = sum(1 for l in lines if l.startswith("PASS "))
    failed = sum(1 for l in lines if l.startswith("FAIL "))
    log("client exited with %d: %d passed, %d failed" % (rc, passed, failed))
    if rc != 0 or failed or not passed:
        if rc == 0:
            log("FAIL: client exited 0 but printed %d PASS / %d FAIL lines"
                % (passed, failed))
        return False
    return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--tls", action="store_true",
                        help="serve wss:// with a certificate made now")
    parser.add_argument("--deflate", choices=("shared", "dedicated"),
                        help="run wsio-echo with --permessage-deflate MODE "
                        "and tell the client (WSIO_ECHO_DEFLATE=MODE)")
    parser.add_argument("--server-arg", action="append", default=[],
                        metavar="ARG",
                        help="one more wsio-echo argument (repeatable; "
                        "write --server-arg=--flag for one with a dash)")
    parser.add_argument("--npm-dir")
    parser.add_argument("--npm-package", action="append", default=[])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command
    if command and command[0] == "--":
        command = command[1:]
    if not command:
        parser.error("no client command")

    if args.npm_dir:
        if not check_node_modules(args.npm_dir, args.npm_package):
            return 1
    if shutil.which(command[0]) is None:
        log("FAIL: client program %r not found. Run .ci/install-deps (it "
            "installs node, perl, ruby, python3-websockets and chromium "
            "from Debian) and retry." % command[0])
        return 1
    if not os.access(args.server, os.X_OK):
        log("FAIL: server binary %s not found; build the wsio-echo target"
            % args.server)
        return 1

    with tempfile.TemporaryDirectory(prefix="wsio-tls-") as scratch:
        tls = None
        if args.tls:
            tls = make_cert(scratch)
            if tls is None:
                return 1
        server_args = []
        if args.deflate:
            server_args += ["--permessage-deflate", args.deflate]
        server_args += args.server_arg
        if server_args:
            log("wsio-echo arguments: %s" % " ".join(server_args))
        server = Server(args.server, tls, server_args)
        if not server.start():
            log("FAIL: wsio-echo did not start")
            return 1
        ok = False
        try:
            ok = run_client(command, server.port, tls[0] if tls else None,
                            args.deflate)
        finally:
            stopped = server.stop()
    if ok and stopped:
        log("OK")
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
