"""Message content: segments and encodings, smart encoding, lint checks, reply keywords.

- :mod:`~advisor.content.segments`: GSM-7/UCS-2 segmentation (3GPP TS 23.040);
- :mod:`~advisor.content.smart`: the look-alike replacements providers make;
- :mod:`~advisor.content.analysis`: one message analysed, as JSON, and JSON lines;
- :mod:`~advisor.content.lint`: compliance checks of one message;
- :mod:`~advisor.content.lint_lines`: many messages, one per JSON line;
- :mod:`~advisor.content.keywords`: opt-out and opt-in replies;
- :mod:`~advisor.content.links`: links and registrable domains;
- :mod:`~advisor.content.policy`: the content policy of ``data/content.yaml``.
"""
