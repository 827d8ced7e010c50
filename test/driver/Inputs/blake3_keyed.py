"""BLAKE3 in keyed-hash mode, in plain Python, for the tests that re-MAC a
blob of a conclint result cache (driver/conclint/Cache.cpp: a blob carries
the keyed BLAKE3 of its name and payload). Written from the BLAKE3
specification (https://github.com/BLAKE3-team/BLAKE3-specs); slow, which
is fine for a test's kept program of a few kilobytes.

  keyed_hash(key32, data)      -> 32 bytes
  mac(secret, name, payload)   -> hex, as ResultCache::mac
  hash(data)                   -> 32 bytes (unkeyed; the self-test's vector)
"""
import struct

IV = (0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A,
      0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19)
PERMUTATION = (2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8)
CHUNK_START, CHUNK_END, PARENT, ROOT, KEYED_HASH = 1, 2, 4, 8, 16
BLOCK, CHUNK = 64, 1024
M32 = 0xFFFFFFFF


def _rotr(x, n):
    return ((x >> n) | (x << (32 - n))) & M32


def _g(s, a, b, c, d, x, y):
    s[a] = (s[a] + s[b] + x) & M32
    s[d] = _rotr(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & M32
    s[b] = _rotr(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b] + y) & M32
    s[d] = _rotr(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & M32
    s[b] = _rotr(s[b] ^ s[c], 7)


def _compress(cv, words, counter, length, flags):
    """The 16 output words of one compression."""
    s = list(cv) + list(IV[:4]) + [counter & M32, (counter >> 32) & M32,
                                   length, flags]
    m = list(words)
    for r in range(7):
        _g(s, 0, 4, 8, 12, m[0], m[1])
        _g(s, 1, 5, 9, 13, m[2], m[3])
        _g(s, 2, 6, 10, 14, m[4], m[5])
        _g(s, 3, 7, 11, 15, m[6], m[7])
        _g(s, 0, 5, 10, 15, m[8], m[9])
        _g(s, 1, 6, 11, 12, m[10], m[11])
        _g(s, 2, 7, 8, 13, m[12], m[13])
        _g(s, 3, 4, 9, 14, m[14], m[15])
        if r < 6:
            m = [m[i] for i in PERMUTATION]
    for i in range(8):
        s[i] ^= s[i + 8]
        s[i + 8] ^= cv[i]
    return s


def _words(block):
    block = block.ljust(BLOCK, b"\0")
    return struct.unpack("<16I", block)


class _Node:
    """The inputs of a compression not yet made: the root is compressed
    with the ROOT flag, every other node for its chaining value."""

    def __init__(self, cv, words, counter, length, flags):
        self.args = (cv, words, counter, length, flags)

    def cv(self):
        cv, words, counter, length, flags = self.args
        return _compress(cv, words, counter, length, flags)[:8]

    def root(self):
        cv, words, counter, length, flags = self.args
        return _compress(cv, words, 0, length, flags | ROOT)


def _chunk_node(key, chunk, index, flags):
    cv = list(key)
    blocks = [chunk[i:i + BLOCK] for i in range(0, len(chunk), BLOCK)] or [b""]
    for n, b in enumerate(blocks):
        f = flags
        if n == 0:
            f |= CHUNK_START
        if n == len(blocks) - 1:
            f |= CHUNK_END
            return _Node(cv, _words(b), index, len(b), f)
        cv = _compress(cv, _words(b), index, len(b), f)[:8]


def _parent_node(key, left, right, flags):
    return _Node(list(key), tuple(left) + tuple(right), 0, BLOCK,
                 flags | PARENT)


def _digest(key, data, flags):
    chunks = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)] or [b""]
    stack = []  # chaining values of complete subtrees, left to right
    for index, chunk in enumerate(chunks):
        node = _chunk_node(key, chunk, index, flags)
        if index == len(chunks) - 1:
            break
        cv = node.cv()
        total = index + 1
        # Merge as many subtrees as the chunk count has trailing zeros.
        while total & 1 == 0:
            cv = _parent_node(key, stack.pop(), cv, flags).cv()
            total >>= 1
        stack.append(cv)
    while stack:
        node = _parent_node(key, stack.pop(), node.cv(), flags)
    return struct.pack("<8I", *node.root()[:8])


def keyed_hash(key, data):
    assert len(key) == 32
    return _digest(struct.unpack("<8I", key), bytes(data), KEYED_HASH)


def mac(secret, name, payload):
    """The hex MAC conclint's cache gives \p payload under \p name
    (ResultCache::mac): keyed BLAKE3 of "<len(name)>:", the name and the
    payload, keyed by the secret (or its BLAKE3 if not 32 bytes)."""
    key = secret if len(secret) == 32 else hash(secret)
    return keyed_hash(key, ("%d:" % len(name)).encode() + name.encode() +
                      payload).hex()


def hash(data):
    return _digest(IV, bytes(data), 0)


if __name__ == "__main__":
    # The official vectors' input: byte i is i % 251.
    for n, want in ((0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"),):
        got = hash(bytes(i % 251 for i in range(n))).hex()
        assert got == want, (n, got)
    print("ok")
