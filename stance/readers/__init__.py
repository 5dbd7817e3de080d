"""Read: walk folders, decode files, parse each format into `stance.model.Article`s, and read the
user's outlets file. Bad input never raises: it becomes a `stance.model.Problem` naming the file."""

from .corpus import DEFAULT_MAX_BYTES, read_corpus
from .outlets import OutletBook, OutletsError, load_outlets

__all__ = ["DEFAULT_MAX_BYTES", "OutletBook", "OutletsError", "load_outlets", "read_corpus"]
