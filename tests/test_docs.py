"""Documentation stays in step with the code: every feature column and lexicon is described."""

from __future__ import annotations

import doctest
import importlib
import re
import shutil
from importlib import resources

import pytest
from conftest import REPO, SEEDS

from stance.features import ACTOR_TONE_AGREEMENT, AGREEMENT, COLUMNS

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_feature_column_is_defined_in_the_readme():
    for column in COLUMNS:
        assert f"| `{column}` |" in README, f"feature {column} has no row in the README's feature table"


def test_every_lexicon_names_its_source_and_licence():
    files = [f for f in resources.files("stance.text.lexicons").iterdir() if f.name.endswith((".txt", ".tsv"))]
    assert len(files) >= 3
    for f in files:
        lines = f.read_text(encoding="utf-8").splitlines()
        assert any(line.startswith("# source:") for line in lines), f.name
        assert any(line.startswith("# licence:") for line in lines), f.name
        entries = [line for line in lines if line and not line.startswith("#")]
        assert entries == sorted(set(entries)), f"{f.name}: entries must be sorted and unique"
        assert f"`{f.name[:-4]}`" in README, f"lexicon {f.name} is not described in the README"


def python_examples() -> list[str]:
    """The ```python blocks of the README's "Python" section, in order."""
    section = README.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_readme_python_examples_run(tmp_path, monkeypatch, capsys):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    examples = python_examples()
    assert len(examples) == 3
    for example in examples:
        exec(compile(example, "README.md", "exec"), namespace)
    assert len(namespace["result"].articles) == 19 and (tmp_path / "out" / "index.html").is_file()
    assert namespace["article"].features["hedge_rate"] == pytest.approx(16.6667)
    assert ("hedge", "may") in namespace["evidence"]
    assert len(namespace["articles"]) == 19 and namespace["problems"] == []
    assert namespace["checked"].failed and sum(f.status == "error" for f in namespace["checked"].findings) == 4
    assert "4 errors" in capsys.readouterr().out


DOCTESTED = (
    "stance.features",
    "stance.text.slug",
    "stance.text.sentiment",
    "stance.readers.formats",
    "stance.readers.boilerplate",
    "stance.readers.fields",
    "stance.text.credits",
    "stance.comparison.participants",
)


@pytest.mark.parametrize("module", DOCTESTED)
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_every_feature_says_how_far_it_can_be_trusted_in_the_readme():
    for column, text in AGREEMENT.items():
        assert f"| `{column}` | {text} |" in README, column
    assert set(AGREEMENT) == set(COLUMNS)
    assert f"| tone near an actor (actors table) | {ACTOR_TONE_AGREEMENT} |" in README
