"""Plans for customers that send to several countries (``advisor plan``).

- :mod:`~advisor.plan.inputs`: destinations from ``--country`` or a countries file;
- :mod:`~advisor.plan.build`: every destination answered as ``advisor report`` answers it;
- :mod:`~advisor.plan.pool`: the sender pool and how far a STOP reaches in it;
- :mod:`~advisor.plan.model`: the records a view renders.

A notebook can do what the command does::

    from advisor import knowledge
    from advisor.intake import build_intake
    from advisor.plan import build_plan

    kb = knowledge.load()
    intakes = [build_intake({"country": c, "use_case": "otp", "direction": "one-way"}, kb)
               for c in ("US", "GB")]
    plan = build_plan(kb, intakes, customer="Acme", provider="twilio")
"""

from __future__ import annotations

from advisor.plan.build import build_plan
from advisor.plan.model import Destination, GoLive, OptOutScope, Plan, Pool, PoolSender

__all__ = ["Destination", "GoLive", "OptOutScope", "Plan", "Pool", "PoolSender", "build_plan"]
