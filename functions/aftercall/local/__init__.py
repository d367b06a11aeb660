"""Local runs: the whole application on an embedded AWS (moto), its stand-ins and the demo.

This package may import the application's modules; ``aftercall.cli`` imports it, never the reverse
(tests/unit/test_local_imports.py checks it).
"""

ACCOUNT = "123456789012"  # moto's default account: every local resource lives in it
