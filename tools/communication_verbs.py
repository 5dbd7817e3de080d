"""Build ``stance/text/lexicons/communication_verbs.txt`` from WordNet 3.0.

The reporting verbs of the ``attribution`` lexicon beyond its hand-picked core: every English verb
that WordNet files first as a verb of communication and that can report content.

- A lemma is taken when its most frequent sense (WordNet lists senses by their frequency in the
  SemCor corpus) is in the ``verb.communication`` lexicographer file, and one of its communication
  senses takes the frame "Somebody ----s that CLAUSE" (it can report what was said).
- A phrasal lemma is taken only when its head verb is itself first a verb of communication
  ("speak out", "blurt out"; not "stick in", "slip in", "set down", whose heads are literal).
- Its forms: the base, -s, past, past participle and -ing forms (irregular ones from WordNet's
  ``verb.exc``; phrasal verbs inflect their first word: "spoke out").
- A form is left out when the same word is also something else: the base and -s forms of a lemma
  WordNet also lists as a noun ("claim", "claims", "reports"), the -ing form where WordNet lists
  the -ing word as a noun or adjective ("warning", "promising"); a form that is an English stop
  word; and the forms in ``NOT_REPORTING`` below, whose common sense in news is not a report of
  speech. Past forms are left out where WordNet lists them as adjectives ("reported cases", "the
  alleged attacker", "a noted author", "a sworn enemy"): the hand-picked core keeps the ones that
  mostly report.

Run where WordNet's database is installed (Debian: ``apt-get install wordnet-base``)::

    python tools/communication_verbs.py [/usr/share/wordnet]

Nothing in stance reads WordNet at run time: the output file is committed with its source and licence.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

COMMUNICATION = 32  # lexicographer file number of verb.communication
THAT_CLAUSE = 26  # generic frame "Somebody ----s that CLAUSE"
OUT = Path(__file__).resolve().parents[1] / "stance" / "text" / "lexicons" / "communication_verbs.txt"
STOP_WORDS = Path(__file__).resolve().parents[1] / "stance" / "text" / "lexicons" / "stop_words.txt"
# Forms whose common sense in news is not a report of speech: a filed lawsuit, a signed bill, a
# recorded song, a point scored, an order placed, the votes counted, "declaring" a candidacy,
# "announcing" a plan, "arguing" a case … (the same judgement as the hand-picked core; see attribution.txt).
NOT_REPORTING = frozenset(
    """
    bet betted betting bets call called calling calls cable cabled count counted counting counts
    file filed files filing mind minded minding minds order ordered ordering orders pipe piped piping
    point pointed pointing points pray prayed praying prays record recorded recording records sign
    signed signing signs snap snapped snapping snaps teach taught teaching teaches ignore ignored
    ignoring ignores disregard disregarded disregarding designate designated designating bark barked
    barking echo echoed echoes echoing exact exacted exacting evidence evidenced pretend pretended
    pretending feign feigned feigning contest contested contesting deliberate deliberated deliberating
    advertise advertised advertising petition petitioned petitioning pledge pledged pledging snub
    snubbed snubbing predestine predestined suppose supposed supposing suspect suspected suspecting
    denote denoted connote connoted signify signified lilt lilted roar roared roaring cry cried crying
    cries defend defended defending defends agree agreed agreeing agrees answer answered answering
    instruct instructed instructing notify notified declaring announcing arguing complaining
    """.split()
)


def read_synsets(wordnet: Path) -> dict[str, tuple[int, list[str], dict[str, set[int]]]]:
    """Verb synsets by offset: (lexicographer file, lowercase lemmas, lemma -> generic frame numbers)."""
    synsets = {}
    for line in (wordnet / "data.verb").read_text(encoding="utf-8").splitlines():
        if line.startswith("  "):
            continue
        fields = line.split(" | ")[0].split()
        offset, lexfile, count = fields[0], int(fields[1]), int(fields[3], 16)
        lemmas = [fields[4 + 2 * i].lower() for i in range(count)]
        at = 4 + 2 * count
        at += 1 + 4 * int(fields[at])  # skip the pointers
        frames: dict[str, set[int]] = defaultdict(set)
        if at < len(fields):
            for i in range(int(fields[at])):
                frame, word = int(fields[at + 2 + 3 * i]), int(fields[at + 3 + 3 * i], 16)
                for lemma in lemmas if word == 0 else [lemmas[word - 1]]:
                    frames[lemma].add(frame)
        synsets[offset] = (lexfile, lemmas, frames)
    return synsets


def first_senses(wordnet: Path) -> dict[str, str]:
    """Lemma -> offset of its most frequent verb sense (index.verb lists them by SemCor frequency)."""
    out = {}
    for line in (wordnet / "index.verb").read_text(encoding="utf-8").splitlines():
        if not line.startswith("  "):
            fields = line.split()
            out[fields[0]] = fields[4 + int(fields[3]) + 2]
    return out


def lemmas_of(wordnet: Path, pos: str) -> frozenset[str]:
    """The lemmas (spaces for underscores) of one part of speech: ``noun``, ``adj`` …"""
    lines = (wordnet / f"index.{pos}").read_text(encoding="utf-8").splitlines()
    return frozenset(line.split()[0].replace("_", " ") for line in lines if not line.startswith("  "))


def inflections(wordnet: Path) -> dict[str, set[str]]:
    """Base -> its irregular forms (verb.exc)."""
    out: dict[str, set[str]] = defaultdict(set)
    for line in (wordnet / "verb.exc").read_text(encoding="utf-8").splitlines():
        form, *bases = line.split()
        for base in bases:
            out[base].add(form)
    return out


def regular(base: str) -> dict[str, str]:
    """The regular -s, -ed and -ing forms of a verb."""
    consonant_y = re.search(r"[^aeiou]y$", base)
    s = base[:-1] + "ies" if consonant_y else base + "es" if re.search(r"(s|x|z|ch|sh)$", base) else base + "s"
    ed = base[:-1] + "ied" if consonant_y else base + "d" if base.endswith("e") else base + "ed"
    if base.endswith("ie"):
        ing = base[:-2] + "ying"
    else:
        ing = base[:-1] + "ing" if re.search(r"[^eoy]e$", base) else base + "ing"
    return {"s": s, "ed": ed, "ing": ing}


def forms(lemma: str, irregular: dict[str, set[str]], nominal: frozenset[str]) -> set[str]:
    """The forms of a lemma kept by the rules of the module docstring; ``nominal`` holds WordNet's
    noun and adjective lemmas."""
    head, *rest = lemma.split("_")
    made = regular(head)
    exceptions = irregular.get(head, set())
    ing = {f for f in exceptions if f.endswith("ing")} or {made["ing"]}
    past = {f for f in exceptions if not f.endswith(("s", "ing"))}
    if not past:  # a final consonant doubled before -ing ("admitting") is doubled before -ed too
        doubled = [f[:-3] for f in ing if f[-4:-3] == f[-5:-4] and f[-4] not in "aeiou"]
        past = {doubled[0] + "ed"} if doubled else {made["ed"]}
    tail = " ".join(rest)
    kept = {f for f in past if f"{f} {tail}".strip() not in nominal}
    if lemma.replace("_", " ") not in nominal:
        kept |= {head, made["s"]}
    kept |= {f for f in ing if f"{f} {tail}".strip() not in nominal}
    return {f"{f} {tail}".strip() for f in kept}


def build(wordnet: Path) -> list[str]:
    """The sorted entries of communication_verbs.txt."""
    synsets, first = read_synsets(wordnet), first_senses(wordnet)
    reporting = {
        lemma
        for lexfile, lemmas, frames in synsets.values()
        if lexfile == COMMUNICATION
        for lemma in lemmas
        if THAT_CLAUSE in frames[lemma]
    }

    def communicative(lemma: str) -> bool:
        return lemma in first and synsets[first[lemma]][0] == COMMUNICATION

    lemmas = sorted(lemma for lemma in reporting if communicative(lemma) and communicative(lemma.split("_")[0]))
    irregular, nominal = inflections(wordnet), lemmas_of(wordnet, "noun") | lemmas_of(wordnet, "adj")
    stop = {line.strip() for line in STOP_WORDS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")}
    entries = {f for lemma in lemmas for f in forms(lemma, irregular, nominal)}
    return sorted(e for e in entries if e not in stop and e.split()[0] not in NOT_REPORTING)


HEADER = """\
# Verbs of communication that can report content: the reporting verbs of the attribution lexicon
# beyond its hand-picked core (attribution.txt). Generated by tools/communication_verbs.py; do not edit.
# source: WordNet 3.0 (Princeton University): verbs whose most frequent sense is in the
#   verb.communication lexicographer file and one of whose communication senses takes the frame
#   "Somebody ----s that CLAUSE"; their forms from verb.exc and the regular rules; base and -s forms
#   only where WordNet has no noun of the lemma, -ing forms only where it has no noun or adjective of
#   that word; stop words and forms whose common news sense is not a report of speech (called,
#   filed, ordered, signed …) left out.
# licence: WordNet 3.0 licence. WordNet 3.0 Copyright 2006 by Princeton University. All rights
#   reserved. Permission to use, copy, modify and distribute this software and database and its
#   documentation for any purpose and without fee or royalty is hereby granted, provided that you
#   agree to comply with the following copyright notice and statements, including the disclaimer,
#   and that the same appear on ALL copies of the software, database and documentation, including
#   modifications that you make for internal use or for distribution. THIS SOFTWARE AND DATABASE IS
#   PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
#   IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR
#   WARRANTIES OF MERCHANTABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE
#   LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS,
#   COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University or Princeton may not be
#   used in advertising or publicity pertaining to distribution of the software and/or database.
#   Title to copyright in this software, database and any associated documentation shall at all
#   times remain with Princeton University and LICENSEE agrees to preserve same.
"""


if __name__ == "__main__":
    entries = build(Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"))
    OUT.write_text(HEADER + "\n".join(entries) + "\n", encoding="utf-8")
    print(f"{len(entries)} entries written to {OUT}")
