#!/usr/bin/env python3
#
# Copyright (c) 2026 The Boost.WebSocketIO authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Official repository: https://github.com/boostorg/websocketio
#
"""Compiles every C++ code block of README.md and doc/**/*.md.

    check_snippets.py --source ROOT --build DIR --cxx COMPILER
                      [--flags FILE] [-I DIR ...] [-D DEF ...] [--jobs N]
                      [FILE.md ...]

A fenced block whose info string is `cpp` (or `c++`, `cxx`, `hpp`) is a
snippet. The HTML comment on the last non-blank line before its fence, if
it starts with `<!-- snippet:`, says what it is (doc/reference.md, "Code
snippets"):

    <!-- snippet: program -->     a whole translation unit, compiled as is
    <!-- snippet: function -->    statements: compiled in the body of
                                  `void snippet(boost::asio::io_context& ioc)`
                                  after test/doc/snippet_prelude.hpp
    <!-- snippet: namespace -->   declarations at namespace scope after the
                                  prelude
    <!-- snippet: no-compile reason -->   not compiled; counted and listed

Without a marker, a block with an `#include` or a `main(` is a `program`,
any other a `function`. A marker may carry hidden setup code on the lines
after `<!-- snippet: KIND` up to `-->`; it is compiled at namespace scope
just before the snippet (after the prelude for `function` and `namespace`),
so that a fragment can use names the reader is told about in prose.

Each snippet is compiled with `-fsyntax-only` as its own translation unit,
in parallel; `#line` directives make errors point into the .md file. With
GCC the prelude is precompiled once. Exit status 1 if a snippet does not
compile or a marker is malformed.
"""

import argparse
import concurrent.futures
import glob
import os
import re
import shutil
import subprocess
import sys

KINDS = ("program", "function", "namespace", "no-compile")
CPP_INFO = ("cpp", "c++", "cxx", "hpp")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^\s`]*)")
MAX_OUTPUT_LINES = 25  # of compiler output per failed snippet
MARKER = re.compile(r"^\s*<!--\s*snippet:\s*([\w-]*)\s*(.*)$")


class Snippet:
    def __init__(self, path, line, kind, code, setup, setup_line, note):
        self.path = path          # the .md file, relative to the root
        self.line = line          # line of the first code line (1-based)
        self.kind = kind
        self.code = code          # list of lines
        self.setup = setup        # list of lines (hidden setup code)
        self.setup_line = setup_line
        self.note = note          # the reason of a no-compile block

    def where(self):
        return "%s:%d" % (self.path, self.line)


def parse_marker(lines, fence_index, path, errors):
    """Finds the marker ending on the last non-blank line before the fence.
    Returns (kind or None, setup lines, first setup line, note)."""
    i = fence_index - 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    if i < 0 or not lines[i].rstrip().endswith("-->"):
        return None, [], 0, ""
    end = i
    # find the start of this comment
    while i >= 0 and "<!--" not in lines[i]:
        i -= 1
    if i < 0:
        return None, [], 0, ""
    m = MARKER.match(lines[i])
    if not m:
        return None, [], 0, ""
    kind = m.group(1)
    rest = m.group(2).strip()
    if kind not in KINDS:
        errors.append("%s:%d: unknown snippet marker %r (use one of: %s)"
                      % (path, i + 1, kind, ", ".join(KINDS)))
        return "invalid", [], 0, ""
    if i == end:
        note = rest[:-3].strip() if rest.endswith("-->") else rest
        return kind, [], 0, note
    note = rest
    setup = lines[i + 1:end]
    last = lines[end].rstrip()[:-3]
    if last.strip():
        setup.append(last)
    if kind == "no-compile":
        note = (note + " " + " ".join(l.strip() for l in setup)).strip()
        setup = []
    return kind, setup, i + 2, note


def extract(root, relpath, errors):
    with open(os.path.join(root, relpath), encoding="utf-8") as f:
        lines = f.read().split("\n")
    snippets = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            mm = MARKER.match(lines[i])
            if mm:
                # a marker must be followed by a C++ fence
                j = i
                while j < len(lines) and "-->" not in lines[j]:
                    j += 1
                k = j + 1
                while k < len(lines) and not lines[k].strip():
                    k += 1
                fm = FENCE.match(lines[k]) if k < len(lines) else None
                if not fm or fm.group(3).lower() not in CPP_INFO:
                    errors.append("%s:%d: snippet marker not followed by a "
                                  "```cpp block" % (relpath, i + 1))
            i += 1
            continue
        indent, fence, info = m.group(1), m.group(2), m.group(3).lower()
        start = i + 1
        j = start
        while j < len(lines):
            s = lines[j].strip()
            if s.startswith(fence[0] * len(fence)) and not s.strip(fence[0]):
                break
            j += 1
        if j == len(lines):
            errors.append("%s:%d: unterminated code block" % (relpath, i + 1))
            break
        if info in CPP_INFO:
            code = [l[len(indent):] if l.startswith(indent) else l.lstrip()
                    for l in lines[start:j]]
            kind, setup, setup_line, note = parse_marker(lines, i, relpath,
                                                         errors)
            if kind is None:
                text = "\n".join(code)
                kind = ("program" if re.search(r"^\s*#\s*include|\bmain\s*\(",
                                               text, re.M) else "function")
            if kind != "invalid":
                snippets.append(Snippet(relpath, start + 1, kind, code, setup,
                                        setup_line, note))
        i = j + 1
    return snippets


def source_of(snippet, root):
    """The translation unit of a snippet."""
    md = os.path.join(root, snippet.path).replace("\\", "/")
    out = []
    if snippet.kind != "program":
        out.append('#include "snippet_prelude.hpp"')
    if snippet.setup:
        out.append('#line %d "%s"' % (snippet.setup_line, md))
        out.extend(snippet.setup)
    if snippet.kind == "function":
        out.append("void snippet(boost::asio::io_context& ioc)")
        out.append("{")
        out.append("    (void)ioc;")
    out.append('#line %d "%s"' % (snippet.line, md))
    out.extend(snippet.code)
    if snippet.kind == "function":
        out.append("}")
    return "\n".join(out) + "\n"


def read_flags(path):
    """Reads the key=value;value lines CMake writes (test/doc/CMakeLists)."""
    incs, defs = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            # The compiler's own system directory must not become a -I
            # (it would break libstdc++'s #include_next).
            items = [v for v in value.split(";")
                     if v and v not in ("/usr/include", "/usr/local/include")]
            if key == "inc":
                incs += items
            elif key == "def":
                defs += items
    return incs, defs


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", required=True, help="repository root")
    p.add_argument("--build", required=True, help="scratch directory")
    p.add_argument("--cxx", default=os.environ.get("CXX", "c++"))
    p.add_argument("--flags", help="include dirs and definitions from CMake")
    p.add_argument("-I", dest="incs", action="append", default=[])
    p.add_argument("-D", dest="defs", action="append", default=[])
    p.add_argument("--std", default="c++17")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("files", nargs="*",
                   help="markdown files relative to --source "
                        "(default: README.md and doc/**/*.md)")
    args = p.parse_args()

    root = os.path.abspath(args.source)
    files = args.files or (
        ["README.md"] +
        sorted(os.path.relpath(f, root) for f in
               glob.glob(os.path.join(root, "doc", "**", "*.md"),
                         recursive=True)))
    incs, defs = list(args.incs), list(args.defs)
    if args.flags:
        i, d = read_flags(args.flags)
        incs += i
        defs += d
    # This repository's headers (the flags file of a CMake build has them
    # too), and example/ for snippets that include an example's header.
    repo = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    if not args.flags and not args.incs:
        incs += [os.path.join(repo, "include")] + sorted(
            glob.glob(os.path.join(repo, "libs", "*", "include")))
        defs.append("BOOST_ASIO_NO_DEPRECATED")
    incs.append(os.path.join(repo, "example"))

    errors = []
    snippets = []
    for f in files:
        snippets += extract(root, f, errors)

    build = os.path.abspath(args.build)
    if os.path.isdir(build):
        shutil.rmtree(build)
    os.makedirs(build)
    prelude_src = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               "snippet_prelude.hpp")
    shutil.copy(prelude_src, os.path.join(build, "snippet_prelude.hpp"))
    common = ["-std=" + args.std, "-fsyntax-only", "-I" + build]
    common += ["-I" + d for d in incs] + ["-D" + d for d in defs]

    compiled = [s for s in snippets if s.kind != "no-compile"]
    skipped = [s for s in snippets if s.kind == "no-compile"]

    # GCC: precompile the prelude once (a .gch next to it is used by
    # `#include "snippet_prelude.hpp"` when the flags match).
    version = subprocess.run([args.cxx, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True).stdout
    if any(s.kind != "program" for s in compiled) and "clang" not in version \
            and ("GCC" in version or "g++" in version or "Free Software" in version):
        pch = [a for a in common if a != "-fsyntax-only"]
        r = subprocess.run([args.cxx] + pch + [
            "-x", "c++-header", os.path.join(build, "snippet_prelude.hpp"),
            "-o", os.path.join(build, "snippet_prelude.hpp.gch")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            print(r.stdout)
            print("check_snippets: the prelude does not compile")
            return 1

    def compile_one(n_s):
        n, s = n_s
        src = os.path.join(build, "snippet_%03d.cpp" % n)
        with open(src, "w", encoding="utf-8") as f:
            f.write(source_of(s, root))
        r = subprocess.run([args.cxx] + common + [src],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
        return s, r.returncode, r.stdout

    failed = []
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        for s, rc, out in pool.map(compile_one, enumerate(compiled)):
            print("%-8s %-10s %s" % ("ok" if rc == 0 else "FAILED", s.kind,
                                     s.where()))
            if rc != 0:
                failed.append(s)
                out = out.splitlines()
                for l in out[:MAX_OUTPUT_LINES]:
                    print("    " + l)
                if len(out) > MAX_OUTPUT_LINES:
                    print("    ... (%d more lines)"
                          % (len(out) - MAX_OUTPUT_LINES))

    for s in skipped:
        print("%-8s %-10s %s%s" % ("skipped", s.kind, s.where(),
                                   " (" + s.note + ")" if s.note else ""))
    for e in errors:
        print("error: " + e)
    print("check_snippets: %d snippets in %d files: %d compiled, %d failed, "
          "%d no-compile, %d marker errors"
          % (len(snippets), len(files), len(compiled) - len(failed),
             len(failed), len(skipped), len(errors)))
    if failed or errors:
        print("Fix the snippet, or mark it (doc/reference.md, \"Code "
              "snippets\"): <!-- snippet: program | function | namespace | "
              "no-compile REASON --> on the line before the ```cpp fence.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
