#!/usr/bin/env python3
"""Alters the link's kept program in a conclint result cache
(driver/conclint/KeptProgram.h), as a damaged disk, an older or other
conclint build, or an attacker would.

  tamper_kept_program.py CACHE_DIR MODE

flip:     one byte of the payload changed, the MAC left as it was
truncate: the file cut in half
build:    another conclint build's identity line, re-MACed with the key
version:  another kept-program version, re-MACed with the key
garbage:  the records cut short, re-MACed with the key (malformed)
random:SEED  this version's header, then random bytes, re-MACed (malformed)
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blake3_keyed import mac  # noqa: E402

cache, mode = sys.argv[1], sys.argv[2]
path = os.path.join(cache, "link-program")
data = open(path, "rb").read()
magic = b"conclint-blob 2\n"
assert data.startswith(magic), "not a blob"
mac_hex_old, payload = data[len(magic):len(magic) + 64], data[len(magic) + 65:]
secret = open(os.path.join(cache, "key"), "rb").read()
identity, _, program = payload.partition(b"\n")
kept_magic = b"conclint-kept-program\0"
assert program.startswith(kept_magic), "not a kept program"

if mode == "flip":
    i = len(payload) // 2
    payload = payload[:i] + bytes([payload[i] ^ 0x55]) + payload[i + 1:]
elif mode == "truncate":
    open(path, "wb").write(data[:len(data) // 2])
    sys.exit(0)
elif mode == "build":
    payload = identity + b"-other\n" + program
elif mode == "version":
    body = program[len(kept_magic):]
    assert body[0] < 0x7f
    payload = identity + b"\n" + kept_magic + bytes([body[0] + 1]) + body[1:]
elif mode == "garbage":
    payload = identity + b"\n" + program[:len(program) * 2 // 3]
elif mode.startswith("random:"):
    import random
    rng = random.Random(int(mode.split(":")[1]))
    body = program[len(kept_magic):]
    assert body[0] < 0x80 and body[1] < 0x80  # the two version numbers
    noise = bytes(rng.randrange(256) for _ in range(len(body)))
    payload = identity + b"\n" + kept_magic + body[:2] + noise
else:
    sys.exit("unknown mode " + mode)
if mode != "flip":  # re-MAC
    mac_hex = mac(secret, "blob:link-program", payload).encode()
else:
    mac_hex = mac_hex_old
open(path, "wb").write(magic + mac_hex + b"\n" + payload)
