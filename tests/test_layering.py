"""The pure core imports no shell: no pulumi, azure, argparse or subprocess (anywhere in a file)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "nicguard"
PURE_PACKAGES = ("core", "rules", "render", "scanner", "guest/parsers")
FORBIDDEN = {"pulumi", "pulumi_policy", "azure", "argparse", "subprocess", "grpc", "aiohttp", "requests", "socket"}


def _imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
            "import_module",
            "__import__",
        ):
            for arg in node.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    roots.add(arg.value.split(".")[0])
    return roots


def _pure_files():
    for package in PURE_PACKAGES:
        folder = SRC / package
        if folder.exists():
            yield from sorted(folder.rglob("*.py"))


@pytest.mark.parametrize("path", list(_pure_files()), ids=lambda p: str(p.relative_to(SRC)))
def test_pure_module_imports_no_shell(path: Path) -> None:
    bad = _imported_roots(path) & FORBIDDEN
    assert not bad, f"{path.relative_to(SRC)} imports {sorted(bad)}: move that into an adapter"


def test_the_check_itself_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "leaky.py"
    sample.write_text("def f():\n    import subprocess\n    from azure.mgmt import network\n")
    assert _imported_roots(sample) & FORBIDDEN == {"subprocess", "azure"}


def test_importing_the_catalog_loads_no_shell() -> None:
    code = (
        "import sys, nicguard.rules, nicguard.core.engine, nicguard.render;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & %r))" % FORBIDDEN
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
