"""The code's shape: the pipeline in the folder names, imports that only point down the pipeline,
small modules, and the linter's rules (`ruff`, configured in pyproject.toml)."""

from __future__ import annotations

import ast
import subprocess
import sys

from conftest import REPO

PACKAGE = REPO / "stance"
# Each part of the package may import only from the parts before it, so data flows one way and no
# two parts import each other. Top-level modules are parts of their own.
LAYERS = (
    "model",
    "tasks",
    "text",
    "readers",
    "features",
    "group",
    "comparison",
    "output",
    "checks",
    "eval",
    "run",
    "cli",
    "__main__",
)
MAX_LINES = 400
MAX_TOP_LEVEL_MODULES = 12


def part(module: str) -> str:
    """The part of ``stance.a.b`` (``a``), or of a top-level module."""
    return module.split(".")[1] if module.count(".") else module


def imports(path) -> set[str]:
    """The stance modules a file imports, as absolute names."""
    here = "stance." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            found |= {target} if target.startswith("stance") else set()
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("stance")}
    return found - {"stance"}


def test_each_part_imports_only_the_parts_before_it():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == PACKAGE / "__init__.py":
            continue  # the public API, imported lazily by name
        mine = part("stance." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
        for target in imports(path):
            theirs = part(target)
            if theirs != mine and LAYERS.index(theirs) > LAYERS.index(mine):
                wrong.append(f"{path.relative_to(REPO)} imports {target}")
    assert wrong == []


def test_the_layers_are_the_package():
    parts = {p.stem for p in PACKAGE.glob("*.py")} | {
        p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()
    }
    assert parts - {"__init__"} == set(LAYERS)
    subpackages = [p for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()]
    assert len(subpackages) >= 4 and len(list(PACKAGE.glob("*.py"))) <= MAX_TOP_LEVEL_MODULES


def test_no_module_is_over_the_line_limit():
    long = {
        str(p.relative_to(REPO)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_ruff_finds_nothing_to_lint_or_reformat():
    for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, str(REPO)], capture_output=True, text=True, cwd=REPO
        )
        assert done.returncode == 0, done.stdout + done.stderr
