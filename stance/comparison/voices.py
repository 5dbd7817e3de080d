"""Who is quoted: speakers × outlets, with the space each outlet gives each speaker.

Reads the ``source`` spans (direct quotes and indirect attributions, see `stance.features.sourcing`).
A source's *words* are the words of its span: the quotation for a direct quote, the attributing
sentence for an indirect one. Sources without a named speaker are pooled by status (anonymous,
unnamed, unattributed). A speaker's side comes only from the user's outlets file (``[[speaker]]``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..features import DECIMALS
from ..model import Story
from ..readers.outlets import OutletBook
from ..text.segment import WORD

POOLED = {"anonymous": "anonymous sources", "unnamed": "unnamed sources", "unattributed": "unattributed quotes"}


@dataclass(frozen=True)
class Voice:
    """One speaker in one outlet's coverage.

    Attributes
    ----------
    sources : int
        How many sources (quotes and attributions) it has.
    words : int
        How many words those sources hold.
    share : float
        Share (0–1) of all the words of that outlet's sources in the story, to `DECIMALS` places.
    first : (str, int)
        Where it is first heard: article id and character offset.
    """

    sources: int
    words: int
    share: float
    first: tuple[str, int]


@dataclass(frozen=True)
class SpeakerRow:
    """A speaker (a name, or a pool such as "anonymous sources") and its voice in each outlet.

    Attributes
    ----------
    speaker : str
        A name, or a pool of `POOLED`.
    named : bool
        False for a pool.
    side : str or None
        Its side in the outlets file (``[[speaker]]``), if any.
    voices : tuple of Voice or None
        In the order of `Quoted.outlets` (None where the outlet does not quote it).
    """

    speaker: str
    named: bool
    side: str | None
    voices: tuple[Voice | None, ...]

    @property
    def words(self) -> int:
        """Words of its sources in all outlets."""
        return sum(v.words for v in self.voices if v)


@dataclass(frozen=True)
class Quoted:
    """Speakers × outlets for one story.

    Attributes
    ----------
    outlets : tuple of str
        The story's outlets.
    rows : tuple of SpeakerRow
        Named speakers first, then the pools; each by total words, most first.
    totals : tuple of int
        Source words per outlet.
    sides : tuple of (str, tuple of float)
        For each side the outlets file names, each outlet's share (0–1) of its source words given to
        that side.
    """

    outlets: tuple[str, ...]
    rows: tuple[SpeakerRow, ...]
    totals: tuple[int, ...]  # source words per outlet
    sides: tuple[tuple[str, tuple[float, ...]], ...]


def quoted(story: Story, book: OutletBook | None = None) -> Quoted:
    """Who each outlet of ``story`` quotes or cites, and with how many words.

    Parameters
    ----------
    story : Story
        Its articles' ``source`` spans are read (`stance.features.sourcing`).
    book : OutletBook, optional
        The outlets file, for speakers' sides.

    Returns
    -------
    Quoted
    """
    outlets = tuple(story.outlets)
    cells: dict[tuple[str, bool], dict[str, list]] = {}
    totals = dict.fromkeys(outlets, 0)
    for article in story.articles:
        for span in article.spans_labelled("source"):
            attrs = dict(span.attrs)
            named = attrs["status"] == "named" and bool(attrs["speaker"])
            key = (attrs["speaker"] if named else POOLED.get(attrs["status"], attrs["status"]), named)
            n_words = len(WORD.findall(article.text, span.start, span.end))  # the words of `stance.text.segment.WORD`
            totals[article.outlet] += n_words
            cell = cells.setdefault(key, {}).setdefault(article.outlet, [0, 0, (article.id, span.start)])
            cell[0] += 1
            cell[1] += n_words
    rows = []
    for (speaker, named), by_outlet in cells.items():
        voices = tuple(
            Voice(c[0], c[1], round(c[1] / totals[o], DECIMALS) if totals[o] else 0.0, c[2])
            if (c := by_outlet.get(o))
            else None
            for o in outlets
        )
        rows.append(SpeakerRow(speaker, named, book.side(speaker) if book and named else None, voices))
    rows.sort(key=lambda r: (not r.named, -r.words, r.speaker))
    sides = sorted({r.side for r in rows if r.side})
    side_shares = tuple(
        (
            side,
            tuple(
                round(sum(r.voices[i].share for r in rows if r.side == side and r.voices[i]), DECIMALS)
                for i in range(len(outlets))
            ),
        )
        for side in sides
    )
    return Quoted(outlets, tuple(rows), tuple(totals[o] for o in outlets), side_shares)
