"""advisor: which SMS sender a customer should use in a country, and whether it will keep up."""

from __future__ import annotations

__version__ = "0.1.0"
