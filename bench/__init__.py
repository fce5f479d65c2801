"""Benchmarks: `./run bench` (or `python -m bench`) runs them all and prints tables; each also runs alone."""
