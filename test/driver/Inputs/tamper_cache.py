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
import hashlib
import hmac
import json
import os
import sys

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
        key = entry["key"]
        msg = ("%d:" % len(key)) + key + entry["result"]
        ipad = bytes((b ^ 0x36) for b in secret.ljust(64, b"\0"))
        opad = bytes((b ^ 0x5c) for b in secret.ljust(64, b"\0"))
        inner = hashlib.sha256(ipad + msg.encode()).digest()
        entry["mac"] = hashlib.sha256(opad + inner).hexdigest()
        assert entry["mac"] == hmac.new(secret, msg.encode(), hashlib.sha256).hexdigest()
    json.dump(entry, open(path, "w"))
    n += 1
print("tampered %d entries" % n)
