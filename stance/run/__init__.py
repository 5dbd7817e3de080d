"""Run: the pipeline (`stance.run.pipeline`: read, compare, check) and what runs its tasks: a local
process pool, a Dask cluster, and the cache of per-article results."""
