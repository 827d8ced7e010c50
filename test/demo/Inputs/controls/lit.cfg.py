# -*- Python -*-
# A small demo tree whose files are wrong on purpose, run by ../../controls.test
# through the same DemoFormat as the real demo: the demo tests must be able to
# fail, and say which file failed.
import os
import sys

here = os.path.dirname(__file__)
config.name = "controls"
config.test_source_root = here
config.test_exec_root = lit_config.params["work"]
sys.path.insert(0, lit_config.params["format_dir"])
from demo_format import DemoFormat

for key, value in os.environ.items():
    if key.startswith("CONCLINT_") or key in ("PATH", "HOME", "TMPDIR", "LANG"):
        config.environment[key] = value
config.test_format = DemoFormat(
    demo_root=os.path.join(here, "demo"),
    scripts_dir=lit_config.params["scripts_dir"],
    work_root=os.path.join(lit_config.params["work"], "Output"),
    python=sys.executable,
    runner=lit_config.params["runner"],
    clangxx=os.environ["CONCLINT_CLANGXX"],
    filecheck=os.environ["CONCLINT_FILECHECK"],
)
