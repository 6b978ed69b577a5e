"""Renderers: one table/document model, many output formats.

Builders turn a library result into a :class:`~advisor.render.model.Document`
once; each renderer turns a Document into a string. A renderer never calls the
engine.
"""
