#!/usr/bin/env python3
#
# Copyright (c) 2026 The Boost.WebSocketIO authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Official repository: https://github.com/boostorg/websocketio
#
"""Shows that the documentation checks can fail, and fail for the right
reasons, by running them on fixtures with known faults.

    selftest.py reference --doxygen PATH --scratch DIR
    selftest.py snippets --scratch DIR --cxx COMPILER [--flags FILE] [--jobs N]
"""

import argparse
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "fixtures")
failures = []


def expect(cond, what, output=None):
    print("%s: %s" % ("pass" if cond else "FAIL", what))
    if not cond:
        failures.append(what)
        if output is not None:
            print(output)


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    return r.returncode, r.stdout


def reference(args):
    script = os.path.join(HERE, "check_reference.py")
    source = os.path.dirname(os.path.dirname(HERE))  # the repository root

    rc, out = run([sys.executable, script, "--source", source,
                   "--output", os.path.join(args.scratch, "undocumented"),
                   "--doxygen", args.doxygen, "--no-html",
                   "--input", os.path.join(FIXTURES, "undocumented.hpp")])
    print(out)
    expect(rc == 1, "undocumented.hpp: exit status 1 (got %d)" % rc)
    faults = [
        "fixture::widget::undocumented_member",
        "fixture::widget::undocumented_type",
        "no_such_name",
        "fixture::color::green",
        "fixture::undocumented_function",
        "namespace fixture_bare",
        "fixture_bare::undocumented_in_bare_namespace",
    ]
    for name in faults:
        expect(name in out, "undocumented.hpp: reports " + name)
    for name in ["::documented_member", "hidden_internal", "private_member_",
                 "detail_function", "widget(", "color::red",
                 "fixture_bare::in_bare_namespace("]:
        expect(name not in out, "undocumented.hpp: does not report " + name)
    m = re.search(r"(\d+) undocumented in the XML walk", out)
    expect(m is not None and int(m.group(1)) == 6,
           "undocumented.hpp: exactly 6 names undocumented in the XML walk")

    rc, out = run([sys.executable, script, "--source", source,
                   "--output", os.path.join(args.scratch, "documented"),
                   "--doxygen", args.doxygen, "--no-html",
                   "--input", os.path.join(FIXTURES, "documented.hpp")])
    expect(rc == 0 and "0 doxygen warnings, 0 undocumented" in out,
           "documented.hpp: passes (status %d)" % rc, out)


def snippets(args):
    cmd = [sys.executable, os.path.join(HERE, "check_snippets.py"),
           "--source", FIXTURES, "--build", args.scratch, "--cxx", args.cxx,
           "--jobs", str(args.jobs)]
    if args.flags:
        cmd += ["--flags", args.flags]
    rc, out = run(cmd + ["snippets.md"])
    print(out)
    expect(rc == 1, "snippets.md: exit status 1 (got %d)" % rc)
    for status, kind, line in [("ok", "function", 6), ("ok", "namespace", 16),
                               ("ok", "program", 21), ("ok", "function", 29),
                               ("FAILED", "function", 34),
                               ("FAILED", "program", 47)]:
        expect(re.search(r"^%s\s+%s\s+snippets\.md:%d$" % (status, kind, line),
                         out, re.M) is not None,
               "snippets.md:%d reported %s (%s)" % (line, status, kind))
    expect(re.search(r"snippets\.md:36:\d+: error: .*no_such_member", out)
           is not None,
           "the compiler error points at snippets.md:36, the faulty line")
    expect(re.search(r"^skipped\s+no-compile\s+snippets\.md:41 "
                     r"\(pseudo-code for the reader\)$", out, re.M) is not None,
           "snippets.md:41 listed as no-compile with its reason")
    expect("error: snippets.md:51: unknown snippet marker 'no-compiled'" in out,
           "the misspelt marker at snippets.md:51 is an error")
    expect("7 snippets in 1 files: 4 compiled, 2 failed, 1 no-compile, "
           "1 marker errors" in out, "the summary counts every block")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("which", choices=["reference", "snippets"])
    p.add_argument("--scratch", required=True)
    p.add_argument("--doxygen", default="doxygen")
    p.add_argument("--cxx", default=os.environ.get("CXX", "c++"))
    p.add_argument("--flags")
    p.add_argument("--jobs", type=int, default=2)
    args = p.parse_args()
    os.makedirs(args.scratch, exist_ok=True)
    reference(args) if args.which == "reference" else snippets(args)
    print("selftest %s: %s" % (args.which,
                               "%d failed" % len(failures) if failures
                               else "all passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
