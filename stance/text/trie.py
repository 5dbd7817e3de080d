"""Many literal alternatives as one regex character trie.

Python's regex engine tries the branches of an alternation one by one at every position; written
as a trie, it tries one branch per character, several times faster for hundreds of entries. The
branches of a node start with different steps that cannot match the same character, so their
order does not change what matches; a longer entry is tried before the entry that is its prefix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def trie_pattern(entries: Iterable[Sequence[str]]) -> str:
    """A regex source matching any of ``entries``.

    Steps are compared as strings: two entries share a branch as far as their steps are equal.

    Parameters
    ----------
    entries : iterable of sequence of str
        Each entry a sequence of steps: regex fragments matched one after another, such as escaped
        characters.

    Returns
    -------
    str
        An alternation, neither compiled nor enclosed in a group; a longer entry is tried before an
        entry that is its prefix.
    """
    root: dict = {}
    for steps in entries:
        node = root
        for step in steps:
            node = node.setdefault(step, {})
        node[""] = {}  # an entry ends here
    return _alternatives(root)


def _alternatives(node: dict) -> str:
    branches = []
    for step in sorted(k for k in node if k):
        child = node[step]
        rest = _alternatives(child)
        branches.append(step + (f"(?:{rest})" + ("?" if "" in child else "") if rest else ""))
    return "|".join(branches)
