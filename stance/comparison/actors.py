"""The main actors of a story (the people and organisations it mentions most) and how each outlet
treats them: how often it names them, gives them a voice and how it labels them, and the tone of the
words near their names."""

from __future__ import annotations

from collections import Counter

from ..features import DECIMALS
from ..model import Story

MAIN_ACTORS = 5  # entities per story in entities.csv and on story pages: the most mentioned
LABELS_SHOWN = 3  # an outlet's most used labels for an actor, in entities.csv and on story pages


def story_entities(story: Story) -> list[dict]:
    """Per main actor × outlet of one story: ``mentions``, ``quoted``, ``labels`` and ``tone``.

    The main actors are the story's `MAIN_ACTORS` most mentioned people and organisations, most
    mentioned first.

    Parameters
    ----------
    story : Story
        Its articles' ``entity`` and ``tone`` spans (`stance.features.entity_tone`) and ``source``
        spans (`stance.features.sourcing`) are read.

    Returns
    -------
    list of dict
        A row per main actor and outlet: ``story_id``, ``outlet``, ``entity``, ``kind``, ``mentions``
        (count, in that outlet's articles), ``quoted`` (count of that outlet's quotes and attributions
        whose speaker is the actor), ``labels`` (the outlet's `LABELS_SHOWN` most used titles and
        appositions for the actor, "label ×count" joined by "; ", most used first; empty for none)
        and ``tone`` (mean valence, −1…+1, of the opinion words near its mentions in that outlet's
        articles, to `DECIMALS` places; None when there are none).
    """
    actors: Counter[tuple[str, str]] = Counter()  # (name, kind) -> mentions in the story
    mentions: Counter[tuple[str, str]] = Counter()  # (outlet, name) -> mentions
    quoted: Counter[tuple[str, str]] = Counter()  # (outlet, speaker) -> quotes and attributions
    labels: dict[tuple[str, str], Counter[str]] = {}  # (outlet, name) -> label -> uses
    valences: dict[tuple[str, str], list[float]] = {}  # (outlet, name) -> valences, in article and text order
    for a in story.articles:  # one pass over the spans: a run reads them for the story's page and entities.csv
        for s in a.spans:
            if s.label == "entity":
                attrs = dict(s.attrs)
                actors[(attrs["name"], attrs["kind"])] += 1
                mentions[(a.outlet, attrs["name"])] += 1
                if "described_as" in attrs:
                    labels.setdefault((a.outlet, attrs["name"]), Counter())[attrs["described_as"]] += 1
            elif s.label == "source":
                attrs = dict(s.attrs)
                if attrs["status"] == "named":
                    quoted[(a.outlet, attrs["speaker"])] += 1
            elif s.label == "tone":
                attrs = dict(s.attrs)
                valences.setdefault((a.outlet, attrs["entity"]), []).append(float(attrs["valence"]))
    main = sorted(actors.items(), key=lambda kv: (-kv[1], kv[0]))[:MAIN_ACTORS]
    outlets = story.outlets
    rows = []
    for (name, kind), _ in main:
        for outlet in outlets:
            tones = valences.get((outlet, name), [])
            tone = round(sum(tones) / len(tones), DECIMALS) if tones else None
            rows.append(
                {
                    "story_id": story.id,
                    "outlet": outlet,
                    "entity": name,
                    "kind": kind,
                    "mentions": mentions[(outlet, name)],
                    "quoted": quoted[(outlet, name)],
                    "labels": _most_used(labels.get((outlet, name), Counter())),
                    "tone": tone,
                }
            )
    return rows


def _most_used(labels: Counter[str]) -> str:
    """ "label ×count" for the `LABELS_SHOWN` most used labels, most used first (ties alphabetical)."""
    top = sorted(labels.items(), key=lambda kv: (-kv[1], kv[0]))[:LABELS_SHOWN]
    return "; ".join(f"{label} ×{n}" for label, n in top)
