"""What the demo runner (scripts/demo.py) and the demo tests (test/demo/)
share: where the demo files are, the flags they are compiled with, and the
`// DEMO:` markers a file may carry (see demo/README.md).

Every demo/good/*.cpp and demo/bad/*.cpp is picked up by glob, so a new pair
joins the demo and its tests without any list to edit.
"""

import glob
import os
import re
import shlex
import sysconfig

MARKER = re.compile(r"^\s*//\s*DEMO:\s*([a-z-]+)\s*(?::\s*(.*?))?\s*$", re.MULTILINE)
CHECK_MESSAGE = re.compile(r"//\s*CHECK-(MESSAGES|NOTES)[A-Z0-9_-]*:")
KNOWN_MARKERS = {"shows", "no-generic-build", "flags", "tsan-race", "run"}


class DemoFile:
    """One demo source file and what its markers say."""

    def __init__(self, path, kind):
        self.path = path
        self.kind = kind  # "good" or "bad"
        self.name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            self.text = f.read()
        self.markers = {}
        for m in MARKER.finditer(self.text):
            self.markers.setdefault(m.group(1), (m.group(2) or "").strip())

    @property
    def generic_build(self):
        return "no-generic-build" not in self.markers

    @property
    def tsan_race(self):
        return "tsan-race" in self.markers

    @property
    def is_lesson(self):
        return self.name.startswith("lesson")

    def shows(self):
        """The table's "what it shows": the `shows` marker, or else the first
        sentence of the header comment."""
        if self.markers.get("shows"):
            return self.markers["shows"]
        lines = []
        for line in self.text.splitlines():
            if not line.startswith("//"):
                break
            body = line[2:].strip()
            if not body:
                break
            lines.append(body)
        first = " ".join(lines)
        end = first.find(". ")
        return first[: end + 1] if end >= 0 else first

    def extra_flags(self):
        flags = shlex.split(self.markers.get("flags", ""))
        if re.search(r"#\s*include\s*[<\"](pybind11/|Python\.h)", self.text):
            flags.append("-isystem" + sysconfig.get_paths()["include"])
        return flags

    def expects_findings(self):
        return CHECK_MESSAGE.search(self.text) is not None

    def unknown_markers(self):
        return sorted(set(self.markers) - KNOWN_MARKERS)


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def demo_dir():
    """The demo directory of this checkout (holds good/, bad/, compile-flags.txt)."""
    return os.path.join(repo_root(), "demo")


def demo_files(directory, kind):
    """All demo files of one kind ("good" or "bad") in a demo directory, by name."""
    paths = sorted(glob.glob(os.path.join(directory, kind, "*.cpp")))
    return [DemoFile(p, kind) for p in paths]


def compile_flags(directory):
    """The flags every demo program is compiled with (compile-flags.txt)."""
    with open(os.path.join(directory, "compile-flags.txt"), encoding="utf-8") as f:
        return shlex.split(f.read())
