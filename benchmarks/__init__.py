"""aftercall's benchmarks: `make bench` (``python -m benchmarks.run``) runs them all.

One module per benchmark; each exposes a ``run(...)`` function returning a JSON-ready dict, with sizes
as arguments so the unit smoke test can call it small. Nothing here asserts a time.
"""
