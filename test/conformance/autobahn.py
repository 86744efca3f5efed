#!/usr/bin/python3
#
# Copyright (c) 2026 The Boost.WebSocketIO authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Official repository: https://github.com/boostorg/websocketio
#

"""Runs the Autobahn|Testsuite fuzzing client against wsio-echo.

    autobahn.py --server PATH/wsio-echo --autobahn DIR --outdir DIR
                [--expect-cases N] [--timeout SECONDS]

1. If DIR/wstest (the suite, normally ../shared/autobahn next to the
   source tree) is missing, prints why and exits 77 (ctest's
   SKIP_RETURN_CODE). Its Python packages missing (DIR/install-deps not
   run) is a failure, not a skip.
2. Starts wsio-echo on 127.0.0.1, port 0 (the kernel picks a free port; the
   server prints the one it bound), writes OUTDIR/spec.json for two agents,
   `rfc6455` (Sec-WebSocket-Version: 13) and `hybi-08` (the suite's
   "version": 10, which sends Sec-WebSocket-Version: 8), every case except
   12.* and 13.* (permessage-deflate, not implemented), and runs
   `wstest -m fuzzingclient` in OUTDIR (its log: OUTDIR/wstest.log; the
   browsable report: OUTDIR/reports/index.html).
3. Reads OUTDIR/reports/index.json and prints, per agent, the counts per
   `behavior` and `behaviorClose`, the INFORMATIONAL cases, every failing
   case with what the suite expected and got, and the section 9
   (performance) time. Writes the same table as Markdown to
   OUTDIR/results.md (the format of doc/conformance.md).
4. Checks wsio-echo is still running, sends it SIGTERM and checks it exits
   0 in time.

Exits 0 only if both agents ran exactly N cases (default 301), every one
with behavior and behaviorClose OK or INFORMATIONAL, and the server started
and stopped cleanly; 1 otherwise; 77 if the suite is not there.
"""

import argparse
import collections
import datetime
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time

SKIP = 77
SERVER_START_TIMEOUT = 15.0   # seconds until the "listening" line
SERVER_STOP_TIMEOUT = 10.0    # SIGTERM -> exit (close_timeout is 5 s)
AGENTS = [
    # (agent name, server options in spec.json)
    ("rfc6455", {}),
    ("hybi-08", {"version": 10}),
]
EXCLUDED = ["12.*", "13.*"]   # permessage-deflate (RFC 7692)
GOOD = ("OK", "INFORMATIONAL")
BEHAVIORS = ("OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED")


def log(msg):
    print("autobahn: " + msg, flush=True)


def case_key(cid):
    return tuple(int(x) for x in cid.split("."))


def text(html):
    """The suite's descriptions are HTML fragments: one plain line."""
    s = re.sub(r"<br\s*/?>", " ", html or "")
    s = re.sub(r"<[^>]+>", "", s)
    return " ".join(s.split())


def check_suite(autobahn):
    """None if the suite can run, else (exit code, reason)."""
    wstest = os.path.join(autobahn, "wstest")
    if not os.path.isfile(wstest):
        return (SKIP, "SKIPPED: Autobahn|Testsuite not found (%s does not "
                "exist). It is a development tool kept outside the "
                "repository, in ../shared/autobahn next to the source tree; "
                "point BOOST_WEBSOCKETIO_AUTOBAHN_DIR at it to run this test."
                % wstest)
    # wstest runs /usr/bin/python3 with Debian's packages (wsaccel: the C
    # masking and UTF-8 code that keeps section 9 fast).
    probe = subprocess.run(
        ["/usr/bin/python3", "-c",
         "import twisted, txaio, six, wsaccel, jinja2, pkg_resources"],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT)
    if probe.returncode != 0:
        why = probe.stdout.decode(errors="replace").strip().splitlines()
        return (1, "FAIL: Autobahn|Testsuite is in %s but its Python "
                "packages are missing (%s). Run %s (as root) and retry."
                % (autobahn, why[-1] if why else "exit %d" % probe.returncode,
                   os.path.join(autobahn, "install-deps")))
    return None


class Server:
    def __init__(self, binary, outdir):
        self.binary = binary
        self.proc = None
        self.port = None
        self.stderr_path = os.path.join(outdir, "wsio-echo.stderr")
        self.stdout_path = os.path.join(outdir, "wsio-echo.stdout")

    def start(self):
        """Port 0: the kernel picks a free port, so no race to retry."""
        self.stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            [self.binary, "--port", "0", "--address", "127.0.0.1"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=self.stderr)
        line = self._read_line(SERVER_START_TIMEOUT)
        m = re.search(r"wsio-echo listening on ws://127\.0\.0\.1:(\d+)/",
                      line or "")
        if not m:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            log("FAIL: wsio-echo did not start (exit %s, output %r)"
                % (self.proc.returncode, line))
            self.dump_stderr()
            return False
        self.port = int(m.group(1))
        # Anything printed later goes to a file, so the pipe never fills.
        self.pump = threading.Thread(target=self._drain, daemon=True)
        self.pump.start()
        log("server pid %d: %s" % (self.proc.pid, line.strip()))
        return True

    def _read_line(self, timeout):
        deadline = time.monotonic() + timeout
        data = b""
        fd = self.proc.stdout.fileno()
        while b"\n" not in data:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            data += chunk
        return data.decode(errors="replace") or None

    def _drain(self):
        with open(self.stdout_path, "wb") as out:
            for line in self.proc.stdout:
                out.write(line)

    def stop(self):
        """SIGTERM; True if the server was alive and exited 0 in time."""
        ok = True
        if self.proc.poll() is not None:
            log("FAIL: wsio-echo exited during the run with %d"
                % self.proc.returncode)
            ok = False
        else:
            t0 = time.monotonic()
            self.proc.send_signal(signal.SIGTERM)
            try:
                rc = self.proc.wait(SERVER_STOP_TIMEOUT)
                if rc != 0:
                    log("FAIL: wsio-echo exited with %d after SIGTERM" % rc)
                    ok = False
                else:
                    log("server stopped cleanly %.2f s after SIGTERM"
                        % (time.monotonic() - t0))
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                log("FAIL: wsio-echo still running %.0f s after SIGTERM"
                    % SERVER_STOP_TIMEOUT)
                ok = False
        self.pump.join(5)
        if not ok:
            self.dump_stderr()
        return ok

    def dump_stderr(self):
        self.stderr.flush()
        with open(self.stderr_path, "rb") as f:
            data = f.read().decode(errors="replace")
        if data:
            log("wsio-echo stderr:\n" + data[-4000:])


def write_spec(outdir, port):
    spec = {
        "outdir": "./reports",
        "cases": ["*"],
        "exclude-cases": EXCLUDED,
        "exclude-agent-cases": {},
        "servers": [
            dict({"agent": agent, "url": "ws://127.0.0.1:%d" % port},
                 **({"options": opts} if opts else {}))
            for agent, opts in AGENTS
        ],
    }
    path = os.path.join(outdir, "spec.json")
    with open(path, "w") as f:
        json.dump(spec, f, indent=2)
    return path


def run_wstest(autobahn, outdir, spec, timeout):
    """Runs the fuzzing client; True if it exited 0 in time."""
    env = dict(os.environ)
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # the suite may be read-only
    log_path = os.path.join(outdir, "wstest.log")
    t0 = time.monotonic()
    with open(log_path, "wb") as out:
        proc = subprocess.Popen(
            [os.path.join(autobahn, "wstest"), "-m", "fuzzingclient",
             "-s", spec],
            cwd=outdir, env=env, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            rc = proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            rc = None
    log("wstest ran %.1f s (log: %s)" % (time.monotonic() - t0, log_path))
    if rc == 0:
        return True
    with open(log_path, "rb") as f:
        tail = f.read().decode(errors="replace").splitlines()[-30:]
    log("FAIL: wstest %s; last lines of its log:\n%s"
        % ("still running after %.0f s, killed" % timeout if rc is None
           else "exited with %d" % rc, "\n".join(tail)))
    return False


def timestamp(s):
    return datetime.datetime.strptime(s.rstrip("Z"), "%Y-%m-%dT%H:%M:%S.%f")


def report(outdir, expect_cases):
    """Prints the per-agent tables; returns (ok, markdown)."""
    rdir = os.path.join(outdir, "reports")
    try:
        with open(os.path.join(rdir, "index.json")) as f:
            index = json.load(f)
    except (OSError, ValueError) as e:
        log("FAIL: cannot read %s/index.json: %s" % (rdir, e))
        return False, ""
    ok = True
    rows = []
    informational = {}
    for agent, _ in AGENTS:
        cases = index.get(agent)
        if not cases:
            log("FAIL: no results for agent %s" % agent)
            ok = False
            continue
        ids = sorted(cases, key=case_key)
        behavior = collections.Counter(cases[c]["behavior"] for c in ids)
        close = collections.Counter(cases[c]["behaviorClose"] for c in ids)
        bad = [c for c in ids if cases[c]["behavior"] not in GOOD
               or cases[c]["behaviorClose"] not in GOOD]
        info = [c for c in ids if cases[c]["behavior"] == "INFORMATIONAL"]
        informational[agent] = info
        perf = sum(cases[c]["duration"] for c in ids
                   if c.split(".")[0] == "9")
        starts, ends = [], []
        details = {}
        for c in ids:
            with open(os.path.join(rdir, cases[c]["reportfile"])) as f:
                d = json.load(f)
            t0 = timestamp(d["started"])
            starts.append(t0)
            ends.append(t0 + datetime.timedelta(milliseconds=d["duration"]))
            if c in bad or c in info:
                details[c] = d
        wall = (max(ends) - min(starts)).total_seconds()

        print()
        print("== agent %s: %d cases (%d expected), %d not OK/INFORMATIONAL"
              % (agent, len(ids), expect_cases, len(bad)))
        print("   %-14s %s" % ("", " ".join("%13s" % b for b in BEHAVIORS)))
        for name, counts in (("behavior", behavior),
                             ("behaviorClose", close)):
            print("   %-14s %s" % (name, " ".join(
                "%13d" % counts.get(b, 0) for b in BEHAVIORS)))
        others = set(behavior) | set(close)
        others -= set(BEHAVIORS)
        if others:
            print("   other values: %s" % ", ".join(sorted(others)))
        for c in info:
            d = details[c]
            print("   INFORMATIONAL %s: %s -> %s (close %s)"
                  % (c, text(d["description"]), d["result"],
                     d["remoteCloseCode"]))
        for c in bad:
            d = details[c]
            print("   FAILING %s: behavior=%s behaviorClose=%s "
                  "remoteCloseCode=%s duration=%d ms"
                  % (c, cases[c]["behavior"], cases[c]["behaviorClose"],
                     d["remoteCloseCode"], d["duration"]))
            print("      case:     %s" % text(d["description"])[:300])
            print("      expected: %s" % text(d["expectation"])[:300])
            print("      result:   %s / %s" % (d["result"], d["resultClose"]))
        print("   section 9 (performance): %.1f s; all cases: %.1f s"
              % (perf / 1000.0, wall))

        if len(ids) != expect_cases:
            log("FAIL: agent %s ran %d cases, expected %d"
                % (agent, len(ids), expect_cases))
            ok = False
        if bad:
            log("FAIL: agent %s: %d case(s) not OK or INFORMATIONAL: %s"
                % (agent, len(bad), ", ".join(bad)))
            ok = False
        rows.append("| %s | %d | %s | %s |" % (
            agent, len(ids),
            " | ".join(str(behavior.get(b, 0)) for b in BEHAVIORS),
            ", ".join(bad) or "none"))

    md = ["| Agent | Cases | " + " | ".join(BEHAVIORS) + " | Failing |",
          "|---|---:|" + "---:|" * len(BEHAVIORS) + "---|"] + rows
    for agent, info in informational.items():
        md.append("")
        md.append("INFORMATIONAL (%s): %s" % (agent, ", ".join(info) or
                                              "none"))
    return ok, "\n".join(md) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--autobahn", required=True)
    parser.add_argument("--outdir", required=True)
    parser.add_argument("--expect-cases", type=int, default=301)
    parser.add_argument("--timeout", type=float, default=400.0)
    args = parser.parse_args()

    bad = check_suite(args.autobahn)
    if bad:
        log(bad[1])
        return bad[0]
    if not os.access(args.server, os.X_OK):
        log("FAIL: server binary %s not found; build the wsio-echo target"
            % args.server)
        return 1

    os.makedirs(args.outdir, exist_ok=True)
    shutil.rmtree(os.path.join(args.outdir, "reports"), ignore_errors=True)
    server = Server(args.server, args.outdir)
    if not server.start():
        return 1
    ran = False
    try:
        spec = write_spec(args.outdir, server.port)
        ran = run_wstest(args.autobahn, args.outdir, spec, args.timeout)
    finally:
        stopped = server.stop()
    if not ran:
        return 1
    ok, md = report(args.outdir, args.expect_cases)
    if md:
        with open(os.path.join(args.outdir, "results.md"), "w") as f:
            f.write(md)
        print()
        log("report: %s/reports/index.html; table: %s/results.md"
            % (args.outdir, args.outdir))
    if ok and stopped:
        log("OK: every case OK or INFORMATIONAL for %s"
            % " and ".join(a for a, _ in AGENTS))
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
