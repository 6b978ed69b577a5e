"""The destination country from what a user gives for it (advisor.country, advisor.phone)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from advisor import knowledge
from advisor.country import CountryAnswer, read_country, resolve_country
from advisor.errors import InputError
from advisor.intake import build_intake
from advisor.iso3166 import alpha2_of_alpha3
from advisor.knowledge import KnowledgeBase
from advisor.phone import NumberCountry, number_country


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return knowledge.load()


def refused(value: str, kb: KnowledgeBase) -> str:
    with pytest.raises(InputError) as caught:
        read_country(value, kb, "--country")
    message = caught.value.message
    assert "\n" not in message
    return message


# --- every form that worked before still works ----------------------------------------------------


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("DE", "DE"),
        ("de", "DE"),
        ("Germany", "DE"),
        ("brasil", "BR"),
        ("Great Britain", "GB"),
        ("USA", "US"),
        ("UAE", "AE"),
        ("+4915123456789", "DE"),
        ("+49 151 23456789", "DE"),
        ("+5511987654321", "BR"),
        ("+14155550100", "US"),
        ("+77001234567", "KZ"),
    ],
)
def test_the_forms_that_always_worked(given: str, code: str, kb: KnowledgeBase) -> None:
    assert read_country(given, kb) == CountryAnswer(code)
    assert resolve_country(given, kb) == code


def test_a_misspelt_name_still_gets_a_did_you_mean(kb: KnowledgeBase) -> None:
    assert refused("Germny", kb).endswith("; did you mean Germany?")


# --- ISO 3166 alpha-3 codes, as CRM exports write them --------------------------------------------


@pytest.mark.parametrize(
    ("given", "code"),
    [("DEU", "DE"), ("GBR", "GB"), ("gbr", "GB"), ("Bra", "BR"), ("ANT", "AN"), (" FRA ", "FR")],
)
def test_an_alpha_3_code_names_its_country(given: str, code: str, kb: KnowledgeBase) -> None:
    assert read_country(given, kb) == CountryAnswer(code)


def test_an_alpha_3_code_the_knowledge_base_lacks_says_which_country(kb: KnowledgeBase) -> None:
    assert (
        refused("ATA", kb) == "--country: 'ATA' is AQ (Antarctica), which the knowledge base lacks"
    )


def test_an_unknown_three_letter_code(kb: KnowledgeBase) -> None:
    message = refused("XYZ", kb)
    assert message.startswith("--country: unknown country code 'XYZ': expected an ISO 3166")
    assert "alpha-3 code (e.g. DEU)" in message


def test_no_name_or_alias_reads_as_another_countrys_alpha_3(kb: KnowledgeBase) -> None:
    clashes = [
        (code, name, alpha2_of_alpha3(name))
        for code, country in kb.countries.items()
        for name in (country.name, *country.aliases)
        if alpha2_of_alpha3(name) not in (None, code)
    ]
    assert clashes == []


# --- a possible number that is not assigned: the country is certain -------------------------------


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("Korea, Republic of", "KR"),  # ISO 3166's names, as CRM picklists write them
        ("korea, republic of", "KR"),
        ("Iran, Islamic Republic of", "IR"),
        ("Tanzania, United Republic of", "TZ"),
        ("Bolivia, Plurinational State of", "BO"),
        ("Moldova, Republic of", "MD"),
        ("Federal Republic of Germany", "DE"),  # an official name
    ],
)
def test_a_name_iso_3166_gives_reads_as_its_country(
    given: str, code: str, kb: KnowledgeBase
) -> None:
    assert read_country(given, kb) == CountryAnswer(code)


def test_an_iso_name_with_a_comma_is_one_destination_in_a_sheet(kb: KnowledgeBase) -> None:
    from advisor.batch.destinations import split_country_cell

    assert split_country_cell("Korea, Republic of", kb, "sheet.csv: line 2") == (
        "Korea, Republic of",
    )


def test_an_iso_name_the_knowledge_base_lacks_says_which_country(kb: KnowledgeBase) -> None:
    assert "BV" not in kb.countries
    assert refused("Bouvet Island", kb) == (
        "--country: 'Bouvet Island' is BV (Bouvet Island), which the knowledge base lacks"
    )


def test_codes_are_not_names_to_iso_3166_lookup() -> None:
    from advisor.iso3166 import alpha2_of_name

    assert [alpha2_of_name(text) for text in ("DEU", "DE", "276", "Atlantis")] == [None] * 4
    assert alpha2_of_name("  Viet Nam ") == "VN"


def test_an_unassigned_number_names_its_country_with_a_note(kb: KnowledgeBase) -> None:
    assert read_country("+447700900123", kb) == CountryAnswer(
        "GB",
        "+447700900123 is in the United Kingdom number plan but not an assigned number; "
        "the country is certain",
    )
    assert read_country("+44 7700 900123", kb).code == "GB"


def test_a_number_too_short_for_its_plan_is_still_refused(kb: KnowledgeBase) -> None:
    assert refused("+1 555 0100", kb) == (
        "--country: '+1 555 0100' is not a valid phone number (no such number in country code +1)"
    )
    assert "is not a valid phone number" in refused("+4912", kb)


def test_an_unassigned_number_in_a_shared_plan_lists_the_candidates(kb: KnowledgeBase) -> None:
    message = refused("+12005550100", kb)
    assert message.startswith("--country: '+12005550100' is not an assigned number, and +1 is ")
    assert "(US, AG, " in message
    assert ", CA, " in message
    assert message.endswith("give the country (e.g. US) or an assigned number")


# --- a calling code alone ----------------------------------------------------------------------


def test_a_calling_code_of_one_country(kb: KnowledgeBase) -> None:
    answer = read_country("+49", kb)
    assert answer == CountryAnswer(
        "DE", "+49 is only a calling code, and Germany is the only country that uses it"
    )
    assert read_country("+ 49", kb) == answer


def test_a_calling_code_names_its_main_country_and_who_shares_it(kb: KnowledgeBase) -> None:
    answer = read_country("+44", kb)
    assert answer.code == "GB"
    assert answer.note == (
        "+44 is only a calling code: read as GB (United Kingdom), its main country; "
        "Guernsey (GG), Isle of Man (IM) and Jersey (JE) share it: give their code or an "
        "assigned number for them"
    )


@pytest.mark.parametrize(
    ("code", "candidates"),
    [("+1", ["US", "CA", "PR", "JM"]), ("+7", ["RU", "KZ"])],
)
def test_a_plan_several_countries_share_is_never_guessed(
    code: str, candidates: list[str], kb: KnowledgeBase
) -> None:
    message = refused(code, kb)
    assert message.startswith(f"--country: '{code}' is a calling code that ")
    listed = message.split("(", 1)[1].split(")", 1)[0].split(", ")
    assert set(candidates) <= set(listed)
    assert listed[0] == candidates[0]  # phonenumbers' main country first


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("+999", "is not a phone number in E.164 form"),
        ("+999 123", "is not a phone number in E.164 form"),
        ("+800", "belongs to no single country (a non-geographic number)"),
        ("+800 1234 5678", "belongs to no single country (a non-geographic number)"),
    ],
)
def test_what_is_no_country_stays_refused(given: str, expected: str, kb: KnowledgeBase) -> None:
    assert expected in refused(given, kb)


# --- advisor.phone: the facts, without the wording ------------------------------------------------


def test_number_country_facts() -> None:
    assert number_country("+4915123456789") == NumberCountry(
        "+4915123456789", 49, "DE", ("DE",), assigned=True, code_only=False
    )
    assert number_country("+44 7700 900123") == NumberCountry(
        "+447700900123", 44, "GB", ("GB", "GG", "IM", "JE"), assigned=False, code_only=False
    )
    bare = number_country("+7")
    assert (bare.e164, bare.region, bare.regions, bare.code_only) == (
        "+7",
        None,
        ("RU", "KZ"),
        True,
    )
    assert bare.shared


# --- the note reaches the intake and the user -----------------------------------------------------


def test_the_intake_keeps_the_note(kb: KnowledgeBase) -> None:
    answers = {"country": "+447700900123", "use_case": "otp", "direction": "one-way"}
    intake = build_intake(answers, kb)
    assert (intake.country, len(intake.notes)) == ("GB", 1)
    assert intake.notes[0].startswith("+447700900123 is in the United Kingdom number plan")
    assert build_intake({**answers, "country": "GB"}, kb).notes == ()


def test_start_up_imports_no_country_or_link_library() -> None:
    libraries = "{'phonenumbers', 'pycountry', 'tldextract', 'linkify_it'}"
    code = (
        "import sys, advisor.cli, advisor.intake, advisor.country, advisor.content.lint;"
        f"print(sorted({libraries} & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
