"""The folder listing shows the architecture: stages apart, redaction independent of pipeline."""
from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import STAGES, build_parser

ROOT = Path(__file__).resolve().parent.parent
STAGE_DIR = ROOT / "pipeline" / "stages"
STAGE_MODULES = sorted(p.stem for p in STAGE_DIR.glob("*.py") if p.stem != "__init__")


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports (pipeline's modules import each other by absolute name)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert not node.level, f"{path}: relative import"
            base = node.module
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("module", STAGE_MODULES)
def test_no_stage_imports_another(module):
    others = {f"pipeline.stages.{name}" for name in STAGE_MODULES if name != module}
    assert not imported_modules(STAGE_DIR / f"{module}.py") & others


def test_every_command_is_a_stage_module_with_run():
    assert sorted(name.replace("-", "_") for name in STAGES) == STAGE_MODULES
    for module in STAGE_MODULES:
        tree = ast.parse((STAGE_DIR / f"{module}.py").read_text())
        runs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "run"]
        assert runs and [a.arg for a in runs[0].args.args] == ["ctx", "args"], module


def test_help_lists_the_stages_in_the_order_of_the_work():
    text = build_parser().format_help()
    positions = [re.search(rf"^\s+{name}\s", text, re.M).start() for name in STAGES]
    assert positions == sorted(positions)


def test_top_of_pipeline_is_the_frame_and_named_folders():
    entries = sorted(p.name for p in (ROOT / "pipeline").iterdir() if p.name != "__pycache__")
    assert len(entries) <= 14, entries
    for folder in ("stages", "case", "chronology", "report", "tools"):
        assert (ROOT / "pipeline" / folder / "__init__.py").is_file()


def test_every_package_says_what_belongs_there():
    for init in [*(ROOT / "pipeline").rglob("__init__.py"), *(ROOT / "redaction").rglob("__init__.py")]:
        doc = ast.get_docstring(ast.parse(init.read_text()))
        assert doc and len(doc.split()) >= 5, init


def test_redaction_imports_without_pipeline(tmp_path):
    """redaction/ knows nothing of pipeline/: it imports with pipeline made unimportable."""
    script = (
        "import sys, importlib, pkgutil\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'pipeline' or name.startswith('pipeline.'):\n"
        "            raise ImportError('pipeline is blocked')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import redaction\n"
        "for info in pkgutil.walk_packages(redaction.__path__, 'redaction.'):\n"
        "    importlib.import_module(info.name)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
