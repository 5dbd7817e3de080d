"""stance: how different news outlets cover the same story, every number backed by highlighted words.

The pipeline, one module per step:

    read (read, parsers) → segment → features/ → stories (linkage) → compare → render / export
                                                                       ↘ check (findings)

`stance.pipeline.analyze` runs read → stories; `stance.pipeline.compare_corpus` is ``stance
compare``; `stance.check.check_corpus` is ``stance check``. `stance.engine` runs the per-article
and per-window work on processes (or, with `stance.dask_engine`, a Dask cluster). Nothing is
imported here, so ``import stance.segment`` stays cheap.
"""
