#!/usr/bin/env python3
"""A minimal LSP client that drives a clangd over stdio like an editor does.

  lsp_client.py --clangd BIN --file SRC [--code CHECK-ID] [--timeout S]
                [--user-config YAML] [-- CLANGD-ARGS]

It sends initialize / initialized / textDocument/didOpen, waits for the
textDocument/publishDiagnostics of SRC, then for every diagnostic whose code is
CHECK-ID (all diagnostics when no --code is given) asks textDocument/codeAction
with that diagnostic in the context. It prints one line per diagnostic and per
code action, in a stable form meant for FileCheck:

  diagnostic 12:8 source=clang-tidy code=conclint-missing-join severity=2 message=...
    href file:///.../docs/checks/missing-join.md
    related 14:3 message of a note
  action "change ..." kind=quickfix edits=1 newText=std::jthread

clangd's user configuration is hermetic: clangd sees an empty
$XDG_CONFIG_HOME, or one holding --user-config as clangd/config.yaml.

and exits 0 after a clean shutdown, 1 if clangd died, timed out, or never
published diagnostics for the file.
"""

import argparse
import json
import os
import pathlib
import queue
import subprocess
import sys
import tempfile
import threading


class Server:
    def __init__(self, cmd, cwd, env=None):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, cwd=cwd, env=env)
        self.inbox = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self.stderr = []

    def _drain_stderr(self):
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length is None:
                continue
            body = out.read(length)
            self.inbox.put(json.loads(body))

    def send(self, msg):
        data = json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return rid

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred, timeout):
        """Returns the first incoming message satisfying pred; answers
        server-to-client requests on the way."""
        while True:
            try:
                msg = self.inbox.get(timeout=timeout)
            except queue.Empty:
                raise TimeoutError()
            if msg is None:
                raise EOFError()
            if "method" in msg and "id" in msg:
                # e.g. window/workDoneProgress/create: accept it.
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": None})
                continue
            if pred(msg):
                return msg


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clangd", required=True)
    ap.add_argument("--file", required=True)
    ap.add_argument("--code", default=None)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--user-config", default=None,
                    help="file to install as the user's clangd/config.yaml")
    ap.add_argument("clangd_args", nargs=argparse.REMAINDER)
    args = ap.parse_args()

    src = pathlib.Path(args.file).resolve()
    root = src.parent
    uri = src.as_uri()
    extra = args.clangd_args[1:] if args.clangd_args[:1] == ["--"] else args.clangd_args
    xdg = tempfile.TemporaryDirectory(prefix="lsp-client-xdg-")
    if args.user_config:
        os.makedirs(os.path.join(xdg.name, "clangd"))
        with open(args.user_config) as f, \
                open(os.path.join(xdg.name, "clangd", "config.yaml"), "w") as out:
            out.write(f.read())
    env = dict(os.environ, XDG_CONFIG_HOME=xdg.name)
    srv = Server([args.clangd, "--log=error", "--background-index=false"] + extra, str(root),
                 env)
    try:
        rid = srv.request("initialize", {
            "processId": os.getpid(),
            "rootUri": root.as_uri(),
            "capabilities": {
                "textDocument": {
                    "publishDiagnostics": {"relatedInformation": True},
                    "codeAction": {"codeActionLiteralSupport": {
                        "codeActionKind": {"valueSet": ["quickfix", "refactor"]}}},
                }
            },
        })
        srv.wait(lambda m: m.get("id") == rid, args.timeout)
        srv.notify("initialized", {})
        srv.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "cpp", "version": 1, "text": src.read_text()}})
        pub = srv.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                       and m["params"]["uri"] == uri, args.timeout)
        diags = pub["params"]["diagnostics"]
        wanted = [d for d in diags if args.code is None or d.get("code") == args.code]
        for d in diags:
            s = d["range"]["start"]
            print("diagnostic %d:%d source=%s code=%s severity=%s message=%s" % (
                s["line"] + 1, s["character"] + 1, d.get("source"), d.get("code"),
                d.get("severity"), d.get("message", "").replace("\n", " | ")))
            if d.get("codeDescription"):
                print("    href %s" % d["codeDescription"].get("href"))
            for rel in d.get("relatedInformation") or []:
                rs = rel["location"]["range"]["start"]
                print("    related %d:%d %s" % (rs["line"] + 1, rs["character"] + 1,
                                                rel.get("message", "").replace("\n", " | ")))
        for d in wanted:
            rid = srv.request("textDocument/codeAction", {
                "textDocument": {"uri": uri}, "range": d["range"],
                "context": {"diagnostics": [d]}})
            resp = srv.wait(lambda m: m.get("id") == rid, args.timeout)
            for act in resp.get("result") or []:
                edits = []
                for changes in (act.get("edit", {}).get("changes", {}) or {}).values():
                    edits += changes
                for dc in act.get("edit", {}).get("documentChanges", []) or []:
                    edits += dc.get("edits", [])
                print('action "%s" kind=%s edits=%d newText=%s' % (
                    act.get("title"), act.get("kind"), len(edits),
                    "|".join(e.get("newText", "") for e in edits)))
        rid = srv.request("shutdown", None)
        srv.wait(lambda m: m.get("id") == rid, args.timeout)
        srv.notify("exit", None)
        srv.proc.wait(timeout=args.timeout)
        return 0
    except (TimeoutError, EOFError) as e:
        sys.stderr.write("lsp_client: clangd %s\n" % (
            "timed out" if isinstance(e, TimeoutError) else "closed the connection"))
        sys.stderr.write("".join(srv.stderr[-50:]))
        srv.proc.kill()
        return 1


if __name__ == "__main__":
    sys.exit(main())
