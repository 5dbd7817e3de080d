"""Documentation stays in step with the code: every feature column and lexicon is described."""

from __future__ import annotations

from importlib import resources

from conftest import REPO

from stance.features import COLUMNS

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
