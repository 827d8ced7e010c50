"""Runs the conclint steps of the CI recipes in integrations/ (the GitHub
Actions matrix, the GitLab parallel job) as the CI systems would, on a
project in the current directory whose compile_commands.json is in build/:
every shard job, then the report job, in one directory (the artifacts'
hand-over). Checks that each recipe appears verbatim in docs/ci.md.

  run_ci_recipes.py SRC_ROOT CONCLINT github|gitlab
Prints the report job's outputs' names and the exit code of each step."""
import glob
import os
import re
import subprocess
import sys

import yaml

src_root, conclint, kind = sys.argv[1:4]
name = {"github": "github/conclint-sharded.yml",
        "gitlab": "gitlab/conclint-parallel.yml"}[kind]
path = os.path.join(src_root, "integrations", name)
text = open(path).read()
docs = open(os.path.join(src_root, "docs", "ci.md")).read()
print("in docs/ci.md:", text in docs)
doc = yaml.safe_load(text)


def conclint_lines(commands):
    for c in commands:
        for line in c.splitlines():
            if re.match(r"\s*conclint\b", line) or re.match(r"\s*exit\b", line):
                yield line.strip()


def run(lines, env):
    script = "\n".join(l.replace("conclint ", conclint + " ", 1) for l in lines)
    p = subprocess.run(["bash", "-c", script], env=dict(os.environ, **env),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return p.returncode


if kind == "github":
    jobs = doc["jobs"]
    shards = jobs["analyse"]["strategy"]["matrix"]["shard"]
    for i in shards:
        runs = [s["run"].replace("${{ matrix.shard }}", str(i))
                for s in jobs["analyse"]["steps"] if "run" in s]
        print("shard", i, "exit", run(list(conclint_lines(runs)), {}))
    for s in jobs["report"]["steps"]:
        lines = list(conclint_lines([s.get("run", "")]))
        if lines:
            print(s["name"], "exit", run(lines, {}))
else:
    shard = doc["conclint-shard"]
    n = shard["parallel"]
    for i in range(1, n + 1):
        env = {"CI_NODE_INDEX": str(i), "CI_NODE_TOTAL": str(n)}
        print("shard", i, "exit", run(list(conclint_lines(shard["script"])), env))
    print("report exit", run(list(conclint_lines(doc["conclint-report"]["script"])), {}))
print("files:", " ".join(sorted(f for f in glob.glob("*") if not os.path.isdir(f))))
