"""stance: how different news outlets cover the same story, every number backed by highlighted words.

    import stance

    result = stance.compare(["corpus/"])   # read → measure → group → compare
    result.articles                        # a DataFrame: one row per article, every feature
    result.write("out/")                   # the pages and data files of `stance compare`

    article = stance.annotate(stance.Article(id="x", text="Officials said the dam may fail."))
    article.features["hedge_rate"], article.spans

The pipeline, one subpackage per stage: `readers` → `text` → `features` → `group` → `comparison`
→ `output`, and `checks` for ``stance check``; `run` holds the pipeline and what runs its tasks
(a process pool, a Dask cluster, the cache). Names below are imported when first used, so
``stance --help`` and ``import stance`` stay fast.
"""

import typing as _typing
from importlib import import_module as _import_module

if _typing.TYPE_CHECKING:
    from .features import annotate as annotate
    from .model import Article as Article
    from .model import Finding as Finding
    from .model import Problem as Problem
    from .model import Span as Span
    from .model import Story as Story
    from .run.pipeline import Checked as Checked
    from .run.pipeline import Result as Result
    from .run.pipeline import check as check
    from .run.pipeline import compare as compare
    from .run.pipeline import read as read

_PUBLIC = {
    "read": ".run.pipeline",
    "compare": ".run.pipeline",
    "check": ".run.pipeline",
    "Result": ".run.pipeline",
    "Checked": ".run.pipeline",
    "annotate": ".features",
    "Article": ".model",
    "Span": ".model",
    "Story": ".model",
    "Problem": ".model",
    "Finding": ".model",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> _typing.Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'stance' has no attribute {name!r}")
    value = getattr(_import_module(_PUBLIC[name], __name__), name)
    globals()[name] = value  # found once; later lookups do not come here
    return value


def __dir__() -> list[str]:
    return __all__
