"""What an answer promises, the answer to the changed request keeps.

When nothing fits, an answer offers relaxations ("A2P 10DLC fits if go-live can wait 9
days"); an excluded sender may be marked as one a business registered in the country
could use (``local_entity_could``). Each is a promise about another request: the
relaxed one, the same one from a local entity. Over generated requests in every
country, the answer to that request must rank the sender. Both promises once failed
where the sender would have been the only candidate and no source confirms it (its
replies, for two-way traffic): an answer never ranks such a sender alone
(``without_unconfirmed``), so the promise was empty. 1,116 of 65,018 relaxations over
every country, use case, direction and buyer broke it before the fix.
"""

from __future__ import annotations

from hypothesis import example, given, reject
from test_engine_fast import FAST, KB, SINGAPORE_TWO_WAY, THOROUGH, TODAY, requests

from advisor.engine.relax import relaxed_intake
from advisor.errors import InputError
from advisor.intake import Intake, build_intake
from advisor.vocab import Entity, SenderId

#: American Samoa, two-way in 5 days: A2P 10DLC was offered "if go-live can wait 9 days",
#: but no source confirms its replies there and nothing else serves two-way traffic
AMERICAN_SAMOA_TWO_WAY = {
    "country": "AS",
    "use_case": "transactional",
    "direction": "two-way",
    "priority": "deliverability",
    "voice": "no",
    "entity": "international",
    "mps": "1",
    "lead_time_days": "5",
}


def _intake(request: dict[str, str]) -> Intake:
    try:
        return build_intake({"today": TODAY.isoformat(), **request}, KB)
    except InputError:  # a request the intake refuses (one-way conversational, ...)
        reject()


def _ranked(intake: Intake) -> set[SenderId]:
    return {candidate.sender for candidate in FAST.recommend(intake).recommendations}


@THOROUGH
@given(request=requests)
@example(request=AMERICAN_SAMOA_TWO_WAY)
def test_a_relaxation_offers_a_sender_the_relaxed_request_ranks(request: dict[str, str]) -> None:
    intake = _intake(request)
    conflicts = FAST.recommend(intake).conflicts
    for relaxation in conflicts.relaxations if conflicts is not None else ():
        relaxed = relaxed_intake(intake, {c.field: c.after for c in relaxation.changes})
        assert relaxation.sender in _ranked(relaxed), relaxation.text


@THOROUGH
@given(request=requests)
@example(request=SINGAPORE_TWO_WAY)
def test_a_sender_marked_for_a_local_entity_is_ranked_for_one(request: dict[str, str]) -> None:
    intake = _intake(request)
    marked = [e.sender for e in FAST.recommend(intake).excluded if e.local_entity_could]
    if marked:
        local = _ranked(intake.model_copy(update={"entity": Entity.LOCAL}))
        assert set(marked) <= local
