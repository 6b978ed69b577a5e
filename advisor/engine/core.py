"""The engine: rules, country requirements and practice applied to a customer's request.

``recommend(intake, kb)`` reads the destination country for the customer's
provider, buyer and go-live day, evaluates every rule for every sender (and the
request-wide rules once), applies the country's requirements (bans exclude;
registrations become steps and count against the lead time; prefixes and quiet
hours become caveats), and ranks what is left: the country's documented practice
first, then the rules' score, then lead time, cost and throughput. It never
prints and never imports the CLI; it is memoised per intake.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable
from typing import TypeVar

from advisor.engine import facts as f
from advisor.engine.changes import dated_changes, window
from advisor.engine.evaluate import Specialised
from advisor.engine.explain import SenderRun, because, trace, unmarked
from advisor.engine.here import SenderHere, rules_say, sender_here
from advisor.engine.language import FactValue
from advisor.engine.lazy import Lazy
from advisor.engine.market import practice_firsts
from advisor.engine.numbers import sender_number_facts
from advisor.engine.ranking import REPLIES_UNCONFIRMED, tie_of, without_unconfirmed
from advisor.engine.ranking import rank as rank_candidates
from advisor.engine.relax import conflicts_of
from advisor.engine.results import (
    Candidate,
    Exclusion,
    Reason,
    Recommendation,
    TraceEntry,
)
from advisor.engine.rules import compile_rules, rule_attributes
from advisor.engine.traffic import classify_traffic
from advisor.intake import Intake
from advisor.knowledge import Country, KnowledgeBase, dated
from advisor.vocab import Availability, Entity, SenderId

__all__ = ["Engine", "engine_for", "recommend", "rule_attributes", "unmarked"]

#: The intake's fields that no answer depends on (the notes on how it was read).
NOT_FACTS = frozenset({"notes"})
#: Recommendations an engine keeps (a million-row sheet holds far fewer distinct
#: requests; beyond this the oldest are forgotten, so memory stays flat).
MEMO_SIZE = 32_768
#: Senders in a country for a kind of request that an engine keeps (:class:`SenderHere`).
HERE_SIZE = 4096
Facts = dict[str, FactValue]
#: What a sender's rules said that a :class:`SenderHere` keeps, one per distinct set of
#: the figures they read (an MPS, a daily volume, a lead time, ...).
RUNS_SIZE = 256
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _bounded_put(cache: dict[K, V], key: K, value: V, size: int) -> None:
    if len(cache) >= size:
        del cache[next(iter(cache))]  # the oldest
    cache[key] = value


class Engine:
    """Rules over one knowledge base, compiled once, memoised per request.

    An answer's reasons, caveats and trace are :class:`~advisor.engine.lazy.Lazy`: an
    output that shows them (``--explain``, a report, a table) builds them when it reads
    them; one that does not (a batch row) never pays for them.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._resolved: dict[tuple[SenderId, str, dated.Context], f.ResolvedSender] = {}
        self._better: dict[tuple[SenderId, str, dated.Context], bool] = {}
        self._dated: dict[tuple[object, ...], list[dated.DatedChange]] = {}
        self._memo: dict[Hashable, object] = {}
        self._here: dict[Hashable, object] = {}
        self._every_here: dict[Hashable, tuple[SenderHere, ...]] = {}
        self._country_facts: dict[Hashable, Facts] = {}
        self._intake_rules, self._sender_rules = compile_rules(kb.rules)
        self._tables: list[dict[tuple[object, ...], Specialised]] = [{} for _ in self._sender_rules]
        self._senders = tuple(sorted(kb.senders))  # sorted: no answer depends on the file's order
        self._key_fields = tuple(name for name in Intake.model_fields if name not in NOT_FACTS)
        #: the rules by id (what relaxing a requirement falsifies)
        self.rules = {rule.id: rule for rule in kb.rules}

    def resolved(self, sender: SenderId, country: str, context: dated.Context) -> f.ResolvedSender:
        key = (sender, country, context)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = f.resolve_sender(self.kb, sender, country, context)
        return found

    def _local_is_better(self, sender: SenderId, country: str, context: dated.Context) -> bool:
        """Whether a business registered in ``country`` may have ``sender`` where the
        buyer (of ``context``) may not (memoised with :meth:`resolved`)."""
        key = (sender, country, context)
        found = self._better.get(key)
        if found is None:
            resolved = self.resolved(sender, country, context)
            found = self._better[key] = dated.better_for_buyer(
                resolved.local_availability, resolved.availability.value
            )
        return found

    def _changes(self, intake: Intake) -> list[dated.DatedChange]:
        """The country's dated changes in the intake's :func:`window` (memoised)."""
        context, (start, end) = f.context_for(intake), window(intake)
        key = (intake.country, context, start, end)
        found = self._dated.get(key)
        if found is None:
            found = dated.changes(self.kb.countries[intake.country], context, start, end)
            _bounded_put(self._dated, key, found, HERE_SIZE)
        return found

    def recommend(self, intake: Intake) -> Recommendation:
        """The answer for ``intake``, memoised on the facts that decide it."""
        key = tuple(getattr(intake, name) for name in self._key_fields)
        cached = self._memo.get(key)
        if isinstance(cached, Recommendation):
            same = cached.intake is intake or cached.intake == intake
            return cached if same else cached._replace(intake=intake)  # its own notes
        rec = self._recommend(intake)
        _bounded_put(self._memo, key, rec, MEMO_SIZE)
        return rec

    def here(
        self,
        sender_id: SenderId,
        intake: Intake,
        country: Country,
        base: Facts,
        context: dated.Context,
    ) -> SenderHere:
        """The sender in the intake's country for this kind of request (memoised), with
        its rules specialised to what the key of the memo decides
        (:func:`~advisor.engine.here.sender_here`); ``context`` is the intake's
        (:func:`~advisor.engine.facts.context_for`)."""
        key = (
            sender_id,
            intake.country,
            context,
            intake.use_case,
            intake.direction,
        )
        found = self._here.get(key)
        if isinstance(found, SenderHere):
            return found
        resolved = self.resolved(sender_id, intake.country, context)
        here = sender_here(
            self.kb,
            resolved,
            intake,
            country,
            base,
            zip(self._sender_rules, self._tables, strict=True),
        )
        _bounded_put(self._here, key, here, HERE_SIZE)
        return here

    def _heres(
        self, intake: Intake, country: Country, base: Facts, context: dated.Context
    ) -> tuple[SenderHere, ...]:
        """Every sender, in order, for this kind of request (:meth:`here`, memoised whole)."""
        key = (intake.country, context, intake.use_case, intake.direction)
        found = self._every_here.get(key)
        if found is None:
            found = tuple(self.here(s, intake, country, base, context) for s in self._senders)
            _bounded_put(self._every_here, key, found, HERE_SIZE)
        return found

    def base_facts(
        self, intake: Intake, context: dated.Context | None = None
    ) -> dict[str, FactValue]:
        """The request's and the country's facts (``context``: the intake's, if known)."""
        context = context or f.context_for(intake)
        key = (intake.country, context)
        country = self._country_facts.get(key)
        if country is None:  # the same for every request in the country on the day
            country = f.country_facts(
                self.kb, intake.country, self.kb.countries[intake.country], context
            )
            if len(self._country_facts) >= HERE_SIZE:
                self._country_facts.clear()
            self._country_facts[key] = country
        return {**f.intake_facts(intake, self.kb), **country}

    def _numbers(self, here: SenderHere, intake: Intake) -> Facts:
        """The sender's figures for the request's (``NUMBER_FACTS``), memoised with
        ``here`` on the request's fields they are made of (not to be changed)."""
        key = (intake.mps, intake.daily_volume, intake.provider, intake.account_mps)
        found = here.numbers.get(key)
        if found is None:
            found = sender_number_facts(self.kb, here.resolved.attributes, intake)
            _bounded_put(here.numbers, key, found, RUNS_SIZE)
        return found

    def _run(self, here: SenderHere, intake: Intake, base: Facts) -> tuple[SenderRun, int, bool]:
        """One sender's rules for one request: what they said, its score, whether excluded."""
        numbers = None
        key = tuple(map(base.get, here.residual))
        if here.residual_numbers:  # the sender's figures for the request's are read
            numbers = self._numbers(here, intake)
            key += tuple(map(numbers.__getitem__, here.residual_numbers))
        said = here.runs.get(key)
        if said is None:  # the first request of this kind with these figures
            if numbers is None:
                numbers = self._numbers(here, intake)
            said = rules_say(here, {**base, **here.facts, **numbers})
            _bounded_put(here.runs, key, said, RUNS_SIZE)
        events, score, excluded = said
        return SenderRun(self.kb, here, base, numbers, events, intake), score, excluded

    def facts_of(self, intake: Intake, sender: SenderId, base: Facts) -> Facts:
        """Every fact ``sender``'s rules read for ``intake`` (whose :meth:`base_facts`
        are ``base``): what relaxing a requirement reads."""
        country = self.kb.countries[intake.country]
        here = self.here(sender, intake, country, base, f.context_for(intake))
        return {**base, **here.facts, **self._numbers(here, intake)}

    def ranked_among(self, intake: Intake, *senders: SenderId) -> set[SenderId]:
        """Which of ``senders`` the answer for ``intake`` would rank (what relaxing a
        requirement asks, sender by sender, and what a registered business could use).

        Those senders evaluated, not all of them: those that fit, when a source confirms
        one of them. An answer ranks an unconfirmed candidate only beside a confirmed one
        (:func:`~advisor.engine.ranking.without_unconfirmed`), which may be any sender:
        when none of them is confirmed, the whole answer says.
        """
        context = f.context_for(intake)
        base = self.base_facts(intake, context)
        country = self.kb.countries[intake.country]
        fitting: dict[SenderId, bool] = {}  # sender -> confirmed
        for sender in senders:
            here = self.here(sender, intake, country, base, context)
            run, _, excluded = self._run(here, intake, base)
            if not excluded:
                fitting[sender] = confirmed(here, run)
        if not fitting or any(fitting.values()):
            return set(fitting)
        return {candidate.sender for candidate in self.evaluate(intake)[0]} & set(fitting)

    def evaluate(
        self, intake: Intake
    ) -> tuple[list[Candidate], list[Exclusion], list[Reason], Lazy[TraceEntry]]:
        """Ranked candidates, exclusions, the request's warnings, and the trace (lazy)."""
        kb = self.kb
        country = kb.countries[intake.country]
        context = f.context_for(intake)
        base = self.base_facts(intake, context)
        warnings = []
        for compiled in self._intake_rules:
            if compiled.condition(base).value:
                rule = compiled.rule
                warnings.append(because(rule, compiled.reason.render(base), rule.severity))
        candidates: list[Candidate] = []
        exclusions: list[Exclusion] = []
        runs: list[tuple[SenderId, SenderRun]] = []
        firsts = practice_firsts(country, intake)

        def name_of(sender: SenderId) -> str:
            return self.resolved(sender, intake.country, context).name

        for here in self._heres(intake, country, base, context):
            sender_id = here.resolved.id
            run, score, excluded = self._run(here, intake, base)
            runs.append((sender_id, run))
            resolved = here.resolved
            if excluded:
                exclusions.append(
                    Exclusion(
                        sender_id,
                        resolved.name,
                        Lazy(run.exclusion_reasons),
                        Lazy(run.exclusion_rules),
                    )
                )
                continue
            offer = here.offer
            candidates.append(
                Candidate(
                    sender=sender_id,
                    name=resolved.name,
                    score=score,
                    reasons=Lazy(functools.partial(run.reasons, country, firsts, name_of)),
                    caveats=Lazy(run.caveats),
                    attributes=here.attributes,
                    summary=resolved.sender.summary,
                    practice_rank=here.practice[0] if here.practice else None,
                    providers=offer.providers,
                    not_offered_by=offer.not_offered_by,
                    no_replies_from=offer.no_replies_from,
                    first_for=firsts.get(sender_id, ()),
                    confirmed=confirmed(here, run),
                )
            )
        steps = Lazy(functools.partial(trace, self._intake_rules, self._sender_rules, base, runs))
        ranked, exclusions = without_unconfirmed(rank_candidates(candidates), exclusions)
        return ranked, exclusions, warnings, steps

    def _local_options(self, intake: Intake, exclusions: list[Exclusion]) -> list[Exclusion]:
        """Mark the excluded senders a business registered in the country could use."""
        if intake.entity is Entity.LOCAL:
            return exclusions
        context = f.context_for(intake)
        better = {
            exclusion.sender
            for exclusion in exclusions
            if self._local_is_better(exclusion.sender, intake.country, context)
        }
        if not better:
            return exclusions
        local = intake.model_copy(update={"entity": Entity.LOCAL})
        fits_locally = self.ranked_among(local, *better)
        return [
            e._replace(local_entity_could=True) if e.sender in fits_locally else e
            for e in exclusions
        ]

    def _recommend(self, intake: Intake) -> Recommendation:
        candidates, exclusions, warnings, trace = self.evaluate(intake)
        exclusions = self._local_options(intake, exclusions)
        traffic_class, evidence = classify_traffic(intake.profile, self.kb.p2p_profile)
        conflicts = None if candidates else conflicts_of(self, intake, exclusions)
        return Recommendation(
            intake=intake,
            country=self.kb.countries[intake.country],
            traffic_class=traffic_class,
            traffic_evidence=evidence,
            recommendations=tuple(candidates),
            excluded=tuple(exclusions),
            warnings=tuple(warnings),
            trace=trace,
            conflicts=conflicts,
            kb_as_of=self.kb.meta.as_of.isoformat(),
            evaluated_on=intake.evaluated_on,
            changes=tuple(
                dated_changes(
                    self.kb,
                    intake,
                    candidates,
                    lambda sender: (
                        self.resolved(sender, intake.country, f.context_for(intake)).name
                    ),
                    self._changes(intake),
                )
            ),
            tie=tie_of(candidates),
        )


# --- The library entry point ---------------------------------------------------------------------

_ENGINES: dict[int, Engine] = {}


def confirmed(here: SenderHere, run: SenderRun) -> bool:
    """Whether a source confirms the sender here, and its replies when the request needs
    them (an answer ranks an unconfirmed candidate only beside a confirmed one:
    :func:`~advisor.engine.ranking.without_unconfirmed`)."""
    return here.resolved.availability.value is not Availability.UNKNOWN and not any(
        compiled.rule.id == REPLIES_UNCONFIRMED and outcome.value
        for compiled, outcome in run.events
    )


def engine_for(kb: KnowledgeBase) -> Engine:
    """The memoising engine of a knowledge base (one per loaded file)."""
    engine = _ENGINES.get(id(kb))
    if engine is None or engine.kb is not kb:
        engine = _ENGINES[id(kb)] = Engine(kb)
    return engine


def recommend(intake: Intake, kb: KnowledgeBase) -> Recommendation:
    """Ranked senders for ``intake`` with reasons, exclusions, caveats, changes and conflicts."""
    return engine_for(kb).recommend(intake)
