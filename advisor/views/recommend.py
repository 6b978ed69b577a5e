"""The ``recommend`` result as JSON (the Document is in :mod:`advisor.views.recommend_document`).

JSON schema (docs/json.md): ``input``, ``country``, ``traffic``, ``recommendations``
(best first; ``sender``, ``name``, ``rank``, ``score``, ``reasons``, ``caveats``,
``lead_time_days``, ``lead_time``, ``mps``, ``max_mps``, ``mps_text``,
``registration``, ``practice_rank``, ``providers``, ``not_offered_by``,
``no_replies_from``, ``first_for``), ``excluded`` (``sender``,
``name``, ``reasons``, ``local_entity_could``), ``warnings``, ``conflicts`` (null
when something fits), ``evaluated_on``, ``changes``, ``tie``,
``local_entity_options``, ``sources``, ``knowledge_base`` and, with ``--explain``,
``trace``. Every reason names its ``rule``.
"""

from __future__ import annotations

from itertools import chain
from typing import Any

from advisor.engine import Candidate, Conflicts, Reason, Recommendation, TraceEntry
from advisor.intake import Intake
from advisor.knowledge import KnowledgeBase
from advisor.views.common import cited, reason_json


def intake_json(intake: Intake) -> dict[str, Any]:
    return {
        "country": intake.country,
        "use_case": intake.use_case.value,
        "direction": intake.direction.value,
        "mps": intake.mps,
        "daily_volume": intake.daily_volume,
        "lead_time_days": intake.lead_time_days,
        "priority": intake.priority.value,
        "voice": intake.voice,
        "traffic_profile": intake.profile.model_dump(),
        "provider": intake.provider,
        "entity": intake.entity.value,
        "today": intake.today.isoformat(),
        "go_live": intake.go_live.isoformat() if intake.go_live else None,
        "account_mps": intake.account_mps,
    }


def _candidate_json(rank: int, candidate: Candidate) -> dict[str, Any]:
    lead = candidate.lead_time
    throughput = candidate.attributes.throughput
    registration = candidate.registration
    return {
        "rank": rank,
        "sender": candidate.sender.value,
        "name": candidate.name,
        "score": candidate.score,
        "reasons": [reason_json(reason) for reason in candidate.reasons],
        "caveats": [reason_json(reason) for reason in candidate.caveats],
        "lead_time_days": lead.days("max"),
        "lead_time": {
            "min_days": lead.days("min"),
            "max_days": lead.days("max"),
            "text": lead.text,
        },
        "mps": throughput.default_mps,
        "max_mps": throughput.max_mps,
        "mps_text": throughput.text,
        "registration": {
            "required": registration.required,
            "text": registration.text,
            "steps": list(registration.steps),
        },
        "practice_rank": candidate.practice_rank,
        "providers": list(candidate.providers),
        "not_offered_by": list(candidate.not_offered_by),
        "no_replies_from": list(candidate.no_replies_from),
        "first_for": list(candidate.first_for),
    }


def _conflicts_json(conflicts: Conflicts) -> dict[str, Any]:
    return {
        "summary": conflicts.summary,
        "requirements": [
            {
                "field": requirement.field,
                "value": requirement.value,
                "excludes": [sender.value for sender in requirement.excludes],
            }
            for requirement in conflicts.requirements
        ],
        "relaxations": [
            {
                "sender": relaxation.sender.value,
                "changes": [
                    {
                        "field": change.field,
                        "from": getattr(change.before, "value", change.before),
                        "to": getattr(change.after, "value", change.after),
                    }
                    for change in relaxation.changes
                ],
                "text": relaxation.text,
            }
            for relaxation in conflicts.relaxations
        ],
        "unavailable": [sender.value for sender in conflicts.unavailable],
    }


def _trace_json(entry: TraceEntry) -> dict[str, Any]:
    return {
        "rule": entry.rule,
        "sender": entry.sender.value if entry.sender else None,
        "outcome": entry.outcome,
        "effect": entry.effect.value,
        "unknown": list(entry.unknown),
    }


def all_reasons(rec: Recommendation) -> list[Reason]:
    reasons = list(rec.warnings)
    for candidate in rec.recommendations:
        reasons.extend((*candidate.reasons, *candidate.caveats))
    for exclusion in rec.excluded:
        reasons.extend(exclusion.reasons)
    return reasons


def source_ids(rec: Recommendation) -> list[str]:
    """Every source the answer cites: its reasons, its dated changes, the country's facts."""
    return [
        *chain.from_iterable(r.sources for r in all_reasons(rec)),
        *chain.from_iterable(change.sources for change in rec.changes),
        *rec.country.cited(),
    ]


def recommendation_json(
    rec: Recommendation, kb: KnowledgeBase, *, explain: bool = False, data: str = "shipped"
) -> dict[str, Any]:
    country = rec.country
    as_of = country.last_asserted()
    result: dict[str, Any] = {
        "input": intake_json(rec.intake),
        "country": {
            "code": rec.intake.country,
            "name": country.name,
            "reviewed": country.reviewed,
            "review_date": country.review.date.isoformat() if country.review.date else None,
            "notes": country.notes,
            "sources": list(country.cited()),
            "as_of": as_of.isoformat() if as_of else None,
        },
        "traffic": {
            "class": rec.traffic_class.value if rec.traffic_class else None,
            "evidence": rec.traffic_evidence or None,
        },
        "recommendations": [
            _candidate_json(rank, candidate)
            for rank, candidate in enumerate(rec.recommendations, start=1)
        ],
        "excluded": [
            {
                "sender": exclusion.sender.value,
                "name": exclusion.name,
                "reasons": [reason_json(reason) for reason in exclusion.reasons],
                "local_entity_could": exclusion.local_entity_could,
            }
            for exclusion in rec.excluded
        ],
        "warnings": [reason_json(reason) for reason in rec.warnings],
        "conflicts": _conflicts_json(rec.conflicts) if rec.conflicts else None,
        "evaluated_on": rec.evaluated_on.isoformat() if rec.evaluated_on else None,
        "changes": [
            {
                "date": change.on.isoformat(),
                "sender": change.sender.value if change.sender else None,
                "text": change.text,
                "before_go_live": change.before_go_live,
                "sources": list(change.sources),
            }
            for change in rec.changes
        ],
        "tie": None
        if rec.tie is None
        else {
            "senders": [sender.value for sender in rec.tie.senders],
            "broken_by": rec.tie.broken_by,
            "text": rec.tie.text,
        },
        "local_entity_options": [e.sender.value for e in rec.local_entity_options],
        "sources": cited(source_ids(rec), kb),
        "knowledge_base": {"file": data, "as_of": rec.kb_as_of},
    }
    if explain:
        result["trace"] = [_trace_json(entry) for entry in rec.trace]
    return result
