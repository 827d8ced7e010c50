#!/usr/bin/env python3
"""Opens a file in a real, headless Neovim configured with a snippet from
docs/editors.md, and prints the diagnostics Neovim received.

  nvim_probe.py --nvim NVIM --clangd BIN --docs docs/editors.md
                --snippet nvim-0.7 --file SRC --workdir DIR

The snippet is the ```lua block after `<!-- snippet: NAME -->` in the docs,
used as written except for the path of conclint-clangd. A probe appended to it
waits (at most --timeout seconds) until the server publishes the file's
diagnostics, then writes one line per diagnostic, and whether they came:

  diagnostic 31:3 source=clang-tidy code=conclint-missing-join message=...

Exits 1 if Neovim fails or the snippet is missing; no diagnostic is not an
error here (the FileCheck lines decide).
"""
import argparse
import os
import re
import subprocess
import sys

PROBE = r'''
-- conclint test probe (not part of the documented snippet)
local published = false
_G.conclint_publishes = {}
local upstream = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  upstream(err, result, ctx, config)
  if result and result.uri == vim.uri_from_bufnr(0) then published = true end
  table.insert(_G.conclint_publishes, #result.diagnostics .. ' ' .. result.uri)
end
vim.api.nvim_create_autocmd('VimEnter', { callback = function()
  vim.wait(%(timeout)d, function() return published end, 100)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    table.insert(out, string.format('diagnostic %%d:%%d source=%%s code=%%s message=%%s',
      d.lnum + 1, d.col + 1, tostring(d.source), tostring(code),
      (d.message:gsub('\n', ' | '))))
  end
  local clients = 0
  for _ in pairs(vim.lsp.get_active_clients()) do clients = clients + 1 end
  table.insert(out, 'clients ' .. clients)
  table.insert(out, published and 'published' or 'never published')
  for _, p in ipairs(_G.conclint_publishes) do table.insert(out, 'publish ' .. p) end
  vim.fn.writefile(out, %(out)s)
  vim.cmd('qa!')
end })
'''


def main():
    ap = argparse.ArgumentParser()
    for a in ("--nvim", "--clangd", "--docs", "--snippet", "--file", "--workdir"):
        ap.add_argument(a, required=True)
    ap.add_argument("--timeout", type=int, default=120)
    args = ap.parse_args()
    with open(args.docs, encoding="utf-8") as f:
        docs = f.read()
    m = re.search(r"<!-- snippet: %s -->\s*```lua\n(.*?)```" % re.escape(args.snippet), docs, re.S)
    if not m:
        sys.exit("nvim_probe: no lua snippet %r in %s" % (args.snippet, args.docs))
    snippet = m.group(1)
    if "/usr/bin/conclint-clangd" not in snippet:
        sys.exit("nvim_probe: the snippet does not name /usr/bin/conclint-clangd")
    snippet = snippet.replace("/usr/bin/conclint-clangd", args.clangd)
    os.makedirs(args.workdir, exist_ok=True)
    init = os.path.join(args.workdir, "init.lua")
    out = os.path.join(args.workdir, "diagnostics.txt")
    with open(init, "w", encoding="utf-8") as f:
        f.write(snippet + PROBE % {"timeout": args.timeout * 1000, "out": '"%s"' % out})
    env = dict(os.environ)
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[var] = os.path.join(args.workdir, var.lower())
    src = os.path.abspath(args.file)
    proc = subprocess.run([args.nvim, "--headless", "-n", "-i", "NONE", "-u", init, src],
                          cwd=os.path.dirname(src), env=env, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=args.timeout + 60)
    if proc.returncode != 0 or not os.path.exists(out):
        sys.stderr.write(proc.stdout.decode("utf-8", "replace"))
        sys.exit("nvim_probe: nvim exited with %d" % proc.returncode)
    with open(out, encoding="utf-8") as f:
        sys.stdout.write(f.read())
    return 0


if __name__ == "__main__":
    sys.exit(main())
