"""Engines that run the per-case measures past one machine: Dask over a Parquet dataset partitioned by case."""
