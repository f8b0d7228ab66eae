"""Benchmarks: ``python -m benchmarks`` prints one markdown table (see ``index_bench``)."""
