"""Data files built by tools/ from public sources match what the tool builds today."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from stance.text import lexicons

REPO = Path(__file__).resolve().parents[1]
WORDNET = Path("/usr/share/wordnet")


@pytest.mark.skipif(not (WORDNET / "data.verb").is_file(), reason="WordNet 3.0 database not installed")
def test_communication_verbs_are_what_the_tool_builds_from_wordnet():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import communication_verbs
    finally:
        sys.path.pop(0)
    assert communication_verbs.build(WORDNET) == sorted(lexicons.load("communication_verbs"))


def test_communication_verbs_hold_the_reporting_verbs_and_not_the_literal_ones():
    verbs = lexicons.load("communication_verbs")
    assert {"argued", "contended", "disclose", "testified", "urged", "vowed", "spoke out"} <= verbs
    # Also nouns, adjectives or literal senses in news: a claim, a warning, the alleged attacker,
    # filed a lawsuit, stuck in traffic, the modal "will".
    assert not {"claims", "warning", "alleged", "filed", "stuck in", "will"} & verbs
    assert set(lexicons.load("communication_verbs")) <= lexicons.load("attribution")
