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
                [--cases LIST] [--exclude LIST]
                [--deflate shared|dedicated] [--server-arg=ARG...]

1. If DIR/wstest (the suite, normally ../shared/autobahn next to the
   source tree) is missing, prints why and exits 77 (ctest's
   SKIP_RETURN_CODE). Its Python packages missing (DIR/install-deps not
   run) is a failure, not a skip.
2. Starts wsio-echo on 127.0.0.1, port 0 (the kernel picks a free port; the
   server prints the one it bound), with `--permessage-deflate MODE` under
   --deflate MODE and then every --server-arg (one wsio-echo argument each,
   repeatable; write one that starts with a dash as --server-arg=--flag),
   writes OUTDIR/spec.json for two agents, `rfc6455`
   (Sec-WebSocket-Version: 13) and `hybi-08` (the suite's "version": 10,
   which sends Sec-WebSocket-Version: 8), with the cases of --cases
   (comma-separated case patterns, default "*": all) minus those of
   --exclude (default "12.*,13.*", the permessage-deflate sections, which
   need a server started with --deflate; --exclude= excludes nothing), and
   runs `wstest -m fuzzingclient` in OUTDIR (its log: OUTDIR/wstest.log;
   the browsable report: OUTDIR/reports/index.html).

   The defaults are the conformance_autobahn test (301 cases per agent).
   conformance_autobahn_deflate runs `--deflate shared --cases 12.*,13.*
   --exclude= --expect-cases 216`: sections 12 (5 data sets x 18 message
   size/fragmentation settings, the suite's default offer) and 13 (7 offer
   and accept combinations x the same 18 settings), 1000 messages each.
   Each of these cases is UNIMPLEMENTED when the server declines
   permessage-deflate, which fails the test.
3. Reads OUTDIR/reports/index.json and prints, per agent, the counts per
   `behavior` and `behaviorClose`, the INFORMATIONAL cases, every failing
   case with what the suite expected and got, and the section 9
   (performance) time when section 9 ran. Writes the same table as Markdown to
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
DEFAULT_CASES = "*"
DEFAULT_EXCLUDED = "12.*,13.*"   # permessage-deflate (RFC 7692)
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
    def __init__(self, binary, outdir, extra_args=()):
        self.binary = binary
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None
        self.stderr_path = os.path.join(outdir, "wsio-echo.stderr")
        self.stdout_path = os.path.join(outdir, "wsio-echo.stdout")

    def start(self):
        """Port 0: the kernel picks a free port, so no race to retry."""
        self.stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            [self.binary, "--port", "0", "--address", "127.0.0.1"]
            + self.extra_args,
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


def write_spec(outdir, port, cases, excluded):
    spec = {
        "outdir": "./reports",
        "cases": cases,
        "exclude-cases": excluded,
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
        # Every case UNIMPLEMENTED: the extension was declined; one line
        # says so below instead of a page per case.
        unimplemented = (bool(ids)
                         and behavior.get("UNIMPLEMENTED", 0) == len(ids))
        for c in [] if unimplemented else bad:
            d = details[c]
            print("   FAILING %s: behavior=%s behaviorClose=%s "
                  "remoteCloseCode=%s duration=%d ms"
                  % (c, cases[c]["behavior"], cases[c]["behaviorClose"],
                     d["remoteCloseCode"], d["duration"]))
            print("      case:     %s" % text(d["description"])[:300])
            print("      expected: %s" % text(d["expectation"])[:300])
            print("      result:   %s / %s" % (d["result"], d["resultClose"]))
        if any(c.split(".")[0] == "9" for c in ids):
            print("   section 9 (performance): %.1f s; all cases: %.1f s"
                  % (perf / 1000.0, wall))
        else:
            print("   all cases: %.1f s" % wall)

        if len(ids) != expect_cases:
            log("FAIL: agent %s ran %d cases, expected %d"
                % (agent, len(ids), expect_cases))
            ok = False
        if unimplemented:
            log("FAIL: agent %s: all %d cases UNIMPLEMENTED: the server did "
                "not negotiate the extension they need (sections 12 and "
                "13: permessage-deflate; was wsio-echo started with "
                "--permessage-deflate?)" % (agent, len(ids)))
            ok = False
        elif bad:
            log("FAIL: agent %s: %d case(s) not OK or INFORMATIONAL: %s"
                % (agent, len(bad), ", ".join(bad)))
            ok = False
        rows.append("| %s | %d | %s | %s |" % (
            agent, len(ids),
            " | ".join(str(behavior.get(b, 0)) for b in BEHAVIORS),
            "all (UNIMPLEMENTED)" if unimplemented
            else ", ".join(bad) or "none"))

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
    parser.add_argument("--timeout", type=float, default=400.0,
                        help="seconds before wstest is killed")
    parser.add_argument("--cases", default=DEFAULT_CASES,
                        help="comma-separated case patterns to run "
                        "(default %(default)s)")
    parser.add_argument("--exclude", default=DEFAULT_EXCLUDED,
                        help="comma-separated case patterns to leave out "
                        "(default %(default)s; --exclude= for none)")
    parser.add_argument("--deflate", choices=("shared", "dedicated"),
                        help="run wsio-echo with --permessage-deflate MODE")
    parser.add_argument("--server-arg", action="append", default=[],
                        metavar="ARG",
                        help="one more wsio-echo argument (repeatable; "
                        "write --server-arg=--flag for one with a dash)")
    args = parser.parse_args()
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    excluded = [c.strip() for c in args.exclude.split(",") if c.strip()]
    if not cases:
        parser.error("--cases names no case")
    server_args = []
    if args.deflate:
        server_args += ["--permessage-deflate", args.deflate]
    server_args += args.server_arg

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
    log("cases %s, excluding %s; wsio-echo arguments: %s"
        % (",".join(cases), ",".join(excluded) or "none",
           " ".join(server_args) or "none"))
    server = Server(args.server, args.outdir, server_args)
    if not server.start():
        return 1
    ran = False
    try:
        spec = write_spec(args.outdir, server.port, cases, excluded)
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
