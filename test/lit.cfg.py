# -*- Python -*-
# lit configuration for conclint. The build writes lit.site.cfg.py (paths of
# the tools just built) and loads this file from it.

import os
import lit.formats

config.name = "conclint"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".cpp", ".test", ".c"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py", "check_conclint.py",
                   "CMakeLists.txt", "README.md", "lsp_client.py", "nvim_probe.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.conclint_obj_root, "test")

# Tools the runner and the RUN lines use, passed through the environment.
env = {
    "CONCLINT_STOCK_TIDY": config.stock_clang_tidy,
    "CONCLINT_PLUGIN": config.conclint_plugin,
    "CONCLINT_TIDY": config.conclint_tidy,
    "CONCLINT_CLANGD": config.conclint_clangd,
    "CONCLINT_CLANGXX": config.clangxx,
    "CONCLINT_FILECHECK": config.filecheck,
    "CONCLINT_FRONTENDS": lit_config.params.get("frontends", "plugin,tidy"),
    "CONCLINT_STDLIBS": lit_config.params.get("stdlibs", "libstdc++,libc++"),
    # -std=c++NN-or-later: "minmax" (lowest and c++23), "min" or "all".
    "CONCLINT_STANDARDS": lit_config.params.get("standards", "minmax"),
    # front-end x library x standard: "tiered" (pairwise for a check's main
    # test, each value once for the others), "pairwise", "once" or "full"
    # (check_conclint.py, combinations()).
    "CONCLINT_MATRIX": lit_config.params.get("matrix", "tiered"),
}
# The check runner's precompiled prelude (check_conclint.py, "Precompiled
# prelude"): made afresh in each lit run, in a directory of its own, so that
# no header or compiler updated since an earlier run can meet a stale PCH
# and two lit runs on one tree never share one. A lit run removes its own
# directory when it ends, and those of lit runs that have ended without.
# lit -Dpch=off parses every run from source.
pch = lit_config.params.get("pch", "on")
if pch not in ("on", "off"):
    lit_config.fatal("-Dpch=%s: expected on or off" % pch)
if pch == "on":
    import shutil, time
    pch_root = os.path.join(config.conclint_obj_root, "test", "pch-cache")
    if os.path.isdir(pch_root):
        for d in os.listdir(pch_root):
            owner = d.split("-")[0]
            try:
                if owner.isdigit():
                    os.kill(int(owner), 0)
                    continue
            except ProcessLookupError:
                pass
            except PermissionError:
                continue
            shutil.rmtree(os.path.join(pch_root, d), ignore_errors=True)
    env["CONCLINT_PCH_DIR"] = os.path.join(
        pch_root, "%d-%d" % (os.getpid(), int(time.time())))
    # About 100 MB: removed when this lit run ends (lit's worker processes
    # leave through os._exit, so only the run itself does this).
    import atexit
    atexit.register(shutil.rmtree, env["CONCLINT_PCH_DIR"], True)
    config.available_features.add("pch-prelude")
for k, v in env.items():
    config.environment[k] = v
# What the matrix holds, for tests that need a front-end or library.
for fe in env["CONCLINT_FRONTENDS"].split(","):
    config.available_features.add("frontend-" + fe)
for lib in env["CONCLINT_STDLIBS"].split(","):
    config.available_features.add("stdlib-" + lib.replace("+", "x"))
for k in ("HOME", "TMPDIR", "LANG"):
    if k in os.environ:
        config.environment[k] = os.environ[k]

py = config.python_executable
runner = os.path.join(config.test_source_root, "check_conclint.py")
config.substitutions.append(("%check_conclint", "%s %s" % (py, runner)))
config.substitutions.append(("%conclint_tidy", config.conclint_tidy))
config.substitutions.append(("%conclint_clangd", config.conclint_clangd))
config.substitutions.append(("%conclint_plugin", config.conclint_plugin))
config.substitutions.append(("%wrong_version_plugin", config.wrong_version_plugin))
config.substitutions.append(("%stock_clang_tidy", config.stock_clang_tidy))
config.substitutions.append(("%clangxx", config.clangxx))
config.substitutions.append(("%python", py))
config.substitutions.append(("%clang_resource_dir", config.clang_resource_dir))
config.substitutions.append(("%src_root", config.conclint_src_root))
config.substitutions.append(("%obj_root", config.conclint_obj_root))
config.substitutions.append(("%lsp_client", "%s %s" % (
    py, os.path.join(config.test_source_root, "clangd", "lsp_client.py"))))
for name, path in getattr(config, "extra_tools", {}).items():
    config.substitutions.append(("%" + name, path))
    config.available_features.add(name)

# FileCheck and not come from LLVM's tools.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, os.environ.get("PATH", "")])

if os.path.exists(config.conclint_driver):
    config.available_features.add("conclint-driver")
    config.substitutions.append(("%conclint_driver", config.conclint_driver))

# -Dother_driver=PATH: the conclint driver of another LLVM build (scripts/
# test.sh passes the LLVM 22 one to the LLVM 19 stage), for
# test/driver/same-output-across-llvm.test.
other_driver = lit_config.params.get("other_driver", "")
if other_driver and os.path.exists(other_driver):
    config.available_features.add("other-llvm-driver")
    config.substitutions.append(("%other_driver", os.path.abspath(other_driver)))
elif other_driver:
    lit_config.fatal("-Dother_driver=%s: no such file" % other_driver)

# clang-tidys of other major versions on this machine: the real negative
# controls for the plugin's guard. Debian 12 has clang-tidy-14; the other
# version conclint supports (19 or 22) comes first when it is installed.
import glob, re
others = []
for cand in glob.glob("/usr/bin/clang-tidy-[0-9]*"):
    m = re.search(r"clang-tidy-(\d+)$", cand)
    if m and m.group(1) != config.llvm_major:
        others.append((m.group(1) not in ("19", "22"), -int(m.group(1)), cand))
others.sort()
if others:
    config.available_features.add("other-clang-tidy")
    config.substitutions.append(("%other_clang_tidies", " ".join(c for _, _, c in others)))
    config.substitutions.append(("%other_clang_tidy", others[0][2]))

# A real editor for test/clangd/neovim.test.
import shutil
nvim = shutil.which("nvim")
if nvim:
    config.available_features.add("nvim")
    config.substitutions.append(("%nvim", nvim))
else:
    lit_config.note("nvim not found: test/clangd/neovim.test is skipped "
                    "(scripts/bootstrap.sh installs neovim)")

# test/install/deb.test: dpkg and cpack make and install the .deb.
if shutil.which("dpkg") and shutil.which("dpkg-deb") and shutil.which("cpack"):
    config.available_features.add("dpkg")
config.substitutions.append(("%llvm_major", config.llvm_major))
if os.path.exists(config.conclint_clangd):
    config.available_features.add("conclint-clangd")

# test/clangd/emacs-eglot.test: Emacs with eglot (built in from Emacs 29, the
# elpa-eglot package on Debian 12's Emacs 28).
emacs = shutil.which("emacs")
if emacs and (glob.glob("/usr/share/emacs/site-lisp/elpa/eglot-*") or
              glob.glob("/usr/share/emacs/2[9-9]*/lisp/progmodes/eglot.el*") or
              glob.glob("/usr/share/emacs/[3-9][0-9]*/lisp/progmodes/eglot.el*")):
    config.available_features.add("emacs-eglot")
    config.substitutions.append(("%emacs", emacs))
else:
    lit_config.note("emacs with eglot not found: test/clangd/emacs-eglot.test is "
                    "skipped (scripts/bootstrap.sh installs emacs-nox elpa-eglot)")
