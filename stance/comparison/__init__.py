"""Compare: per story, how its outlets differ (coverage, word choice, who is quoted, timing,
headlines, tone toward its main actors); per outlet, its profile across the corpus; and the tables
of the data files. `compare_stories` computes all of it once, as one `Comparison`."""

from .result import Comparison, OutletComparison, StoryComparison, compare_stories

__all__ = ["Comparison", "OutletComparison", "StoryComparison", "compare_stories"]
