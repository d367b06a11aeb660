"""The Lambda entry points, one module per function.

Importing a handler builds long-lived objects only (modules, classes, pydantic validators, the
PynamoDB models): the cyclic garbage collector finds nothing to free there, yet its collections cost
about a tenth of a cold start (Python 3.13, measured: docs/decisions.md, "The cold path: the
collector"). So the collector is off while a handler module is imported, and
``aftercall.observability.lambda_entry`` (the decorator every handler wears, applied as its module
finishes) freezes what the import built and turns it back on.
"""

import gc

gc.disable()
