#!/usr/bin/env python3
"""Checks that every check in checks/Checks.def has a complete doc page.

Usage: check_doc_pages.py ROOT

ROOT is a source tree (or a copy of its checks/Checks.def and docs/checks/).
For each CONCLINT_CHECK("conclint-<name>", ...) entry, docs/checks/<name>.md
must exist and hold:

  - a first line `# conclint-<name>`;
  - a `## Proof obligation` section whose text says "reports only when";
  - `## Limitations`, `## Options` and `## References` sections;
  - at least two fenced ```cpp blocks (the bad and the good code).

Headings inside fenced blocks do not count. Prints one line per problem and
exits 1 if there is any; otherwise prints a summary and exits 0.
"""

import os
import re
import sys

CHECK_ENTRY = re.compile(r'^\s*CONCLINT_CHECK\(\s*"conclint-([a-z0-9-]+)"')
REQUIRED_SECTIONS = ("Proof obligation", "Limitations", "Options", "References")
PROOF_PHRASE = "reports only when"


def check_names(checks_def):
    names = []
    with open(checks_def, encoding="utf-8") as f:
        for line in f:
            m = CHECK_ENTRY.match(line)
            if m:
                names.append(m.group(1))
    return names


def sections(lines):
    """The `## ` sections of a page outside fenced blocks: {title: text},
    and the number of ```cpp fences opened."""
    out = {}
    title = None
    in_fence = False
    cpp_blocks = 0
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("```"):
            if not in_fence and stripped[3:].strip() == "cpp":
                cpp_blocks += 1
            in_fence = not in_fence
        elif not in_fence and line.startswith("## "):
            title = line[3:].strip()
            out.setdefault(title, [])
            continue
        if title is not None:
            out[title].append(line)
    return {t: " ".join(" ".join(body).split()) for t, body in out.items()}, cpp_blocks


def check_page(name, path):
    if not os.path.isfile(path):
        return ["no doc page (expected %s)" % path]
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    problems = []
    want = "# conclint-" + name
    if not lines or lines[0].rstrip() != want:
        problems.append("first line is not '%s'" % want)
    secs, cpp_blocks = sections(lines)
    for title in REQUIRED_SECTIONS:
        if title not in secs:
            problems.append("no '## %s' section" % title)
    if "Proof obligation" in secs and PROOF_PHRASE not in secs["Proof obligation"]:
        problems.append("'## Proof obligation' does not say '%s'" % PROOF_PHRASE)
    if cpp_blocks < 2:
        problems.append("%d ```cpp block(s), expected at least 2 (bad and good)"
                        % cpp_blocks)
    return problems


def main(argv):
    if len(argv) != 2:
        print("usage: check_doc_pages.py ROOT", file=sys.stderr)
        return 2
    root = argv[1]
    checks_def = os.path.join(root, "checks", "Checks.def")
    names = check_names(checks_def)
    if not names:
        print("doc-pages: no CONCLINT_CHECK entries in %s" % checks_def)
        return 1
    failed = 0
    for name in names:
        rel = os.path.join("docs", "checks", name + ".md")
        for problem in check_page(name, os.path.join(root, rel)):
            print("doc-pages: %s: %s" % (rel, problem))
            failed += 1
    if failed:
        print("doc-pages: %d problem(s)" % failed)
        return 1
    print("doc-pages: %d checks, every page complete" % len(names))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
