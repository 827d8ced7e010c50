#!/usr/bin/env python3
"""Plants a finding whose fix writes TARGET into every entry of a conclint
result cache: as an attacker who can write the cache directory would.

  tamper_cache.py CACHE_DIR TARGET {keep-mac|re-mac}

keep-mac: the entry's MAC is left as it was (an attacker without the key).
re-mac:   the MAC is recomputed with the cache's key (an attacker who also
          read the key): the entry is authentic but inconsistent, since the
          fix edits a file the translation unit never read.
"""
import glob
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blake3_keyed import mac  # noqa: E402

cache, target, mode = sys.argv[1], sys.argv[2], sys.argv[3]
secret = open(os.path.join(cache, "key"), "rb").read()
n = 0
for path in glob.glob(os.path.join(cache, "*", "*.json")):
    entry = json.load(open(path))
    result = json.loads(entry["result"])
    loc = {"file": target, "offset": 0, "line": 1, "column": 1, "lineText": ""}
    result["findings"].append({
        "check": "bugprone-unused-raii", "level": "warning",
        "message": "planted", "location": loc, "notes": [],
        "fix": [{"file": target, "offset": 0, "length": 0,
                 "text": "pwned\n", "begin": loc}]})
    entry["result"] = json.dumps(result)
    if mode == "re-mac":
        entry["mac"] = mac(secret, entry["key"], entry["result"].encode())
    json.dump(entry, open(path, "w"))
    n += 1
print("tampered %d entries" % n)
