"""aftercall: after-call follow-up texts for Amazon Connect contact centers."""

__version__ = "0.1.0"
