"""`make bench`: measure HSCT Screen against a bare Django project served the same way, in one run.

Run it with `make bench` (or `.venv/bin/python -m bench`); settings come from BENCH_* environment
variables (see `bench/config.py` and the README's Benchmark section). The package never imports the app
itself: the parts that need the app's models (`bench.seed`, `bench.profile`) run in their own process.
"""
