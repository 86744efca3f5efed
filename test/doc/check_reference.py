#!/usr/bin/env python3
#
# Copyright (c) 2026 The Boost.WebSocketIO authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Official repository: https://github.com/boostorg/websocketio
#
"""Generates the API reference with doxygen and fails on any public name
without a doc comment.

    check_reference.py --source ROOT --output DIR [--doxygen PATH]
                       [--input PATH ...] [--no-html]

Runs doxygen on doc/Doxyfile from ROOT (the public headers; detail/ and
`@cond internal` blocks excluded), writing HTML to DIR/html and XML to
DIR/xml. Then two checks, both printed as `file:line: what`:

1. every doxygen warning fails the check: undocumented members, broken
   `@ref`s, `@param` names that do not exist, ...;
2. an independent walk of the XML: every namespace, class, struct, union,
   and every public member of them (functions, types, variables, enums and
   each enumerator), and every global-namespace name or macro of a
   header, must have a brief or detailed description. This also
   catches what doxygen stays silent about, such as an undocumented
   namespace (doxygen then ignores all of its undocumented members).
   Deleted functions are exempt.

`--input` replaces the Doxyfile's INPUT (used by the self-test on fixture
headers). Exit status: 0 when all is documented, 1 when not, 2 when doxygen
could not run.
"""

import argparse
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

# Files are walked for their global-namespace members and macros only.
CHECKED_COMPOUNDS = ("namespace", "class", "struct", "union", "file")

# Namespaces that are not ours: they need no description, but what this
# library declares in them (e.g. the is_error_code_enum specializations in
# boost::system) does.
FOREIGN_NAMESPACES = ("boost", "boost::system", "std")


def is_internal(qualified_name):
    parts = qualified_name.split("::")
    return parts[0] == "std" or "detail" in parts


def text_of(elem):
    if elem is None:
        return ""
    return "".join(elem.itertext()).strip()


def described(elem):
    return bool(text_of(elem.find("briefdescription")) or
                text_of(elem.find("detaileddescription")))


def location(elem, roots):
    """`file:line` of a declaration, the file relative to the repository
    (the Doxyfile strips paths to `boost/websocketio/...`)."""
    loc = elem.find("location")
    if loc is None:
        return "?"
    path = loc.get("file", "?")
    for r in roots:
        candidate = os.path.join(r, path)
        if os.path.exists(candidate):
            rel = os.path.relpath(candidate, roots[0])
            path = candidate if rel.startswith("..") else rel
            break
    return "%s:%s" % (path, loc.get("line", "?"))


def search_roots(source, inputs):
    roots = [source]
    for d in inputs or ["include", "libs/core/include", "libs/hixie/include",
                        "libs/hybi/include"]:
        roots.append(os.path.join(source, d))
    return roots


def run_doxygen(args):
    doxyfile = os.path.join(args.source, "doc", "Doxyfile")
    with open(doxyfile, encoding="utf-8") as f:
        config = f.read()
    out = os.path.abspath(args.output)
    os.makedirs(out, exist_ok=True)
    log = os.path.join(out, "warnings.log")
    overrides = [
        "OUTPUT_DIRECTORY = \"%s\"" % out,
        "GENERATE_XML = YES",
        "XML_OUTPUT = xml",
        "XML_PROGRAMLISTING = NO",
        "WARN_LOGFILE = \"%s\"" % log,
        "QUIET = YES",
    ]
    if args.no_html:
        overrides.append("GENERATE_HTML = NO")
    if args.input:
        overrides.append("INPUT = " + " ".join(
            "\"%s\"" % os.path.abspath(p) for p in args.input))
    config += "\n# check_reference.py overrides\n" + "\n".join(overrides) + "\n"
    if os.path.exists(log):
        os.remove(log)
    try:
        proc = subprocess.run([args.doxygen, "-"], input=config, text=True,
                              cwd=args.source, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    except OSError as e:
        print("check_reference: cannot run %s: %s" % (args.doxygen, e))
        sys.exit(2)
    if proc.returncode != 0:
        print(proc.stdout)
        print("check_reference: doxygen failed with status %d"
              % proc.returncode)
        sys.exit(2)
    # Configuration warnings (an unknown or obsolete Doxyfile tag) are
    # printed before the log file opens.
    warnings = [l.strip() for l in proc.stdout.splitlines()
                if "warning:" in l]
    if os.path.exists(log):
        with open(log, encoding="utf-8", errors="replace") as f:
            warnings += [l.rstrip() for l in f if l.strip()]
    root = os.path.abspath(args.source) + os.sep
    unique = []
    for w in warnings:
        w = w.replace(root, "")
        if w not in unique:
            unique.append(w)
    return unique, os.path.join(out, "xml")


def walk_xml(xmldir, roots):
    """Returns (names checked, list of 'file:line: kind name' missing)."""
    index = ET.parse(os.path.join(xmldir, "index.xml")).getroot()
    missing = []
    checked = 0
    for comp in index.findall("compound"):
        kind = comp.get("kind")
        if kind not in CHECKED_COMPOUNDS:
            continue
        name = comp.findtext("name")
        if is_internal(name):
            continue
        path = os.path.join(xmldir, comp.get("refid") + ".xml")
        cdef = ET.parse(path).getroot().find("compounddef")
        if cdef.get("prot", "public") != "public":
            continue  # a private or protected nested class
        checked += 1
        if kind == "file" or name in FOREIGN_NAMESPACES:
            checked -= 1
        elif not described(cdef):
            missing.append("%s: %s %s" % (location(cdef, roots), kind, name))
        for section in cdef.findall("sectiondef"):
            for m in section.findall("memberdef"):
                if m.get("prot") != "public":
                    continue
                mkind = m.get("kind")
                mname = m.findtext("qualifiedname") or (
                    name + "::" + (m.findtext("name") or "?"))
                if is_internal(mname):
                    continue
                args_string = (m.findtext("argsstring") or "").replace(" ", "")
                if mkind == "function" and args_string.endswith("=delete"):
                    continue
                checked += 1
                if not described(m):
                    missing.append("%s: %s %s%s" % (
                        location(m, roots), mkind, mname,
                        m.findtext("argsstring") or ""))
                if mkind == "enum":
                    for v in m.findall("enumvalue"):
                        checked += 1
                        if not described(v):
                            missing.append("%s: enumerator %s::%s" % (
                                location(m, roots), mname, v.findtext("name")))
    return checked, missing


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--source", required=True, help="repository root")
    p.add_argument("--output", required=True, help="output directory")
    p.add_argument("--doxygen", default="doxygen")
    p.add_argument("--input", nargs="*", help="replace the Doxyfile's INPUT")
    p.add_argument("--no-html", action="store_true")
    args = p.parse_args()

    warnings, xmldir = run_doxygen(args)
    checked, missing = walk_xml(
        xmldir, search_roots(os.path.abspath(args.source), args.input))

    undocumented = [w for w in warnings if "is not documented" in w]
    others = [w for w in warnings if "is not documented" not in w]
    ok = not warnings and not missing
    if undocumented:
        print("Public names without a doc comment (doxygen):")
        for w in undocumented:
            print("  " + w)
    if others:
        print("Other doxygen warnings (broken @ref, bad @param, ...):")
        for w in others:
            print("  " + w)
    if missing:
        print("Public names without a description (XML walk):")
        for m in missing:
            print("  " + m)
    print("check_reference: %d public names checked, %d doxygen warnings, "
          "%d undocumented in the XML walk: %s"
          % (checked, len(warnings), len(missing), "OK" if ok else "FAILED"))
    if ok and not args.no_html:
        print("reference: " + os.path.join(os.path.abspath(args.output),
                                           "html", "index.html"))
    if not ok:
        print("Document each name where it is declared: `/** ... */` or "
              "`///` before it, `///<` after a member or enumerator; keep "
              "internals in detail/ or between `/// @cond internal` and "
              "`/// @endcond` (doc/reference.md).")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
