"""Ranking the senders that fit, and saying when the first place rests on a tie.

The order, from the strongest criterion to the weakest:

0. a sender a source confirms before one no source confirms (availability unknown or,
   for two-way traffic, whether replies reach it);
1. the country's documented practice for this traffic (providers' country guidance);
2. the rules' score;
3. lead time (the longest it can take, then the shortest; unknown last);
4. cost (fewer recurring and carrier fees; unknown counts as a fee);
5. throughput (more MPS out of the box; unknown last).

Senders equal on all five are a true tie: they are listed by sender id, which is
stable, and the answer says they are tied. The order of the data file never counts.

A sender no source confirms is never an answer on its own: when nothing confirmed
fits, nothing fits (:func:`without_unconfirmed`), and the unconfirmed senders are
ruled out with the words that say so ("confirm with the provider").
"""

from __future__ import annotations

import math

from advisor.engine.results import Candidate, Exclusion, Reason, Tie
from advisor.vocab import Fees

_NOT_IN_PRACTICE = math.inf


def _practice(candidate: Candidate) -> float:
    return _NOT_IN_PRACTICE if candidate.practice_rank is None else candidate.practice_rank


def _lead_time(candidate: Candidate) -> tuple[float, float]:
    lead = candidate.lead_time
    most, least = lead.days("max"), lead.days("min")
    return (math.inf if most is None else most, math.inf if least is None else least)


def _cost(candidate: Candidate) -> int:
    fees = (candidate.attributes.recurring_fees.value, candidate.attributes.carrier_fees.value)
    return sum(1 for fee in fees if fee is not Fees.NO)


def _throughput(candidate: Candidate) -> float:
    mps = candidate.attributes.throughput.default_mps
    return -mps if mps is not None else math.inf


#: The tie-breakers after practice and score, with the words that name them.
BREAKERS = (
    ("lead time", _lead_time),
    ("cost", _cost),
    ("throughput", _throughput),
)


def _key(candidate: Candidate) -> tuple[object, ...]:
    return (
        not candidate.confirmed,
        _practice(candidate),
        -candidate.score,
        _lead_time(candidate),  # the BREAKERS, in their order (a test keeps them so)
        _cost(candidate),
        _throughput(candidate),
        candidate.sender.value,
    )


def rank(candidates: list[Candidate]) -> list[Candidate]:
    """Best first."""
    return sorted(candidates, key=_key)


def _standing(candidate: Candidate) -> tuple[bool, float, int]:
    return (candidate.confirmed, _practice(candidate), candidate.score)


#: The rule whose caveat says that no source confirms a sender.
UNCONFIRMED = "availability-unconfirmed"
#: The rule whose caveat says that no source confirms that replies reach a sender (two-way).
REPLIES_UNCONFIRMED = "replies-unconfirmed"


def without_unconfirmed(
    ranked: list[Candidate], exclusions: list[Exclusion]
) -> tuple[list[Candidate], list[Exclusion]]:
    """No answer rests on a sender no source confirms: when no candidate is confirmed,
    every candidate is ruled out with its "no source says" caveat, and nothing fits."""
    if not ranked or any(candidate.confirmed for candidate in ranked):
        return ranked, exclusions
    moved = [_unconfirmed(candidate) for candidate in ranked]
    return [], sorted([*exclusions, *moved], key=lambda exclusion: exclusion.sender.value)


def _unconfirmed(candidate: Candidate) -> Exclusion:
    """A candidate ruled out because no source confirms it (or its replies)."""
    reasons = tuple(
        reason for reason in candidate.caveats if reason.rule in (UNCONFIRMED, REPLIES_UNCONFIRMED)
    ) or (Reason(UNCONFIRMED, f"No source confirms {candidate.name} here.", "warning"),)
    return Exclusion(
        candidate.sender, candidate.name, reasons, tuple(reason.rule for reason in reasons)
    )


def tie_of(ranked: list[Candidate]) -> Tie | None:
    """How the first place was decided when practice and score did not decide it."""
    if len(ranked) < 2:
        return None
    first, second = ranked[0], ranked[1]
    if _standing(first) != _standing(second):
        return None
    tied = tuple(c.sender for c in ranked if _standing(c) == _standing(first))
    for words, breaker in BREAKERS:
        if breaker(first) != breaker(second):
            return Tie(
                tied,
                words,
                f"{first.name} and {second.name} score the same; {first.name} comes first on "
                f"{words}.",
            )
    names = " and ".join(c.name for c in ranked if c.sender in tied)
    return Tie(
        tied,
        None,
        f"{names} are tied: the same score, lead time, cost and throughput. Either will do; "
        f"choose on price or on what the customer already has.",
    )
