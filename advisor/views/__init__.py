"""Views: a library result as a JSON-ready mapping and as a renderable Document.

A view never computes advice; it arranges what the engine and the capacity
planner decided. JSON keys are a documented contract (docs/json.md).
"""
