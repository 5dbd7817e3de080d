"""Compare: per story, how its outlets differ (coverage, word choice, who is quoted, timing,
headlines, tone toward its main actors); per outlet, its profile across the corpus; and the tables
of the data files. `compare_stories` computes all of it once, as one `Comparison`; a run that lets
each story go once it is laid out keeps only the `CorpusComparison` (`stance.run.stream`)."""

from .result import (
    Comparison,
    CorpusComparison,
    CorpusContext,
    StoryComparison,
    StoryContext,
    StoryTotals,
    Summed,
    compare_stories,
    corpus_context,
    profile_outlets,
    story_comparison,
    story_totals,
    summarize,
)

__all__ = [
    "Comparison",
    "CorpusComparison",
    "CorpusContext",
    "StoryComparison",
    "StoryContext",
    "StoryTotals",
    "Summed",
    "compare_stories",
    "corpus_context",
    "profile_outlets",
    "story_comparison",
    "story_totals",
    "summarize",
]
