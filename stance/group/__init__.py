"""Group: articles about the same event become one `stance.model.Story`.

`group_stories` compares articles by TF-IDF cosine similarity (`stance.text.tfidf`) and clusters
them by average linkage (`stance.group.linkage`) within a window of days.
"""

from .stories import DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS, group_stories

__all__ = ["DEFAULT_THRESHOLD", "DEFAULT_WINDOW_DAYS", "group_stories"]
