"""The proposal for the customer: its words (durations, dates, ties, sources), its branding
(company, logo, colour, a template of one's own) and its one stylesheet."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from clitools import invoke
from hypothesis import given
from hypothesis import strategies as st

from advisor import knowledge
from advisor.branding import (
    CONFIG_KEYS,
    DEFAULT_COLOR,
    LOGO_MAX_BYTES,
    Branding,
    branding,
    logo_uri,
    parse_color,
)
from advisor.engine.results import Tie
from advisor.errors import InputError, UsageError
from advisor.intake import Intake
from advisor.report import build_report
from advisor.views.common import human_duration, long_date, source_links

ROOT = Path(__file__).parent.parent
LOGO = ROOT / "examples" / "acme-logo.svg"
DE = ("report", "--customer", "Kranich", "--country", "DE", "--use-case", "otp",
      "--direction", "one-way", "--mps", "5", "--messages", "4000")  # fmt: skip


# --- Words a person reads ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0.4, "under a second"),
        (12.4, "about 12 s"),
        (59.4, "about 59 s"),
        (59.6, "about 1 min"),
        (1666.67, "about 28 min"),
        (3600, "about 1 h"),
        (4020, "about 1 h 7 min"),
        (36_000, "about 10 h"),
        (3 * 86_400, "about 3 days"),
    ],
)
def test_human_duration(seconds: float, expected: str) -> None:
    assert human_duration(seconds) == expected


def _seconds(text: str) -> float:
    """The duration :func:`human_duration` wrote, read back."""
    if text == "under a second":
        return 0.5
    units = {"s": 1, "min": 60, "h": 3600, "days": 86_400}
    found = re.findall(r"(\d+) (s|min|h|days)\b", text)
    assert found, text
    return sum(int(number) * units[unit] for number, unit in found)


@given(st.floats(min_value=0, max_value=10 * 365 * 86_400, allow_nan=False))
def test_a_human_duration_is_close_and_whole(seconds: float) -> None:
    text = human_duration(seconds)
    assert "." not in text
    assert text == "under a second" or text.startswith("about ")
    # rounded to the unit it is said in: half a second, half a minute, half a day
    slack = 0.5 if seconds < 59.5 else 30 if seconds < 48 * 3600 - 30 else 43_200
    assert abs(_seconds(text) - seconds) <= slack + 1e-6


@given(st.floats(0, 1e7), st.floats(0, 1e7))
def test_a_longer_duration_never_reads_shorter(a: float, b: float) -> None:
    short, long = sorted((a, b))
    assert _seconds(human_duration(short)) <= _seconds(human_duration(long))


@given(st.dates(min_value=dt.date(1000, 1, 1)))
def test_a_long_date_names_its_month(day: dt.date) -> None:
    text = long_date(day)
    assert text == f"{day.day} {day.strftime('%B')} {day.year}"
    assert dt.datetime.strptime(text, "%d %B %Y").date() == day


# --- Ties are ties -------------------------------------------------------------------------------


def _tied_report(broken_by: str | None) -> object:
    kb = knowledge.load()
    intake = Intake(country="SG", use_case="otp", direction="one-way")
    report = build_report(kb, intake)
    rec = report.recommendation
    assert rec.tie is not None, "the data no longer has this tie: pick another country"
    tie = Tie(rec.tie.senders, broken_by, "The two score the same.")
    return report.__class__(**{**_fields(report), "recommendation": rec._replace(tie=tie)})


def _fields(report: object) -> dict[str, object]:
    return {name: getattr(report, name) for name in report.__slots__}  # type: ignore[attr-defined]


def test_a_true_tie_is_said_to_be_one() -> None:
    from advisor.views.proposal import build_proposal, proposal_document
    from advisor.views.report import Report

    report = _tied_report(None)
    assert isinstance(report, Report)
    proposal = build_proposal(report, knowledge.load())
    callout = dict(proposal.callout)
    assert callout["Recommended sender"].endswith(" (a tie)")
    assert " or " in callout["Recommended sender"]
    rows = next(t for t in proposal_document(proposal).tables() if t.columns[1].key == "fit").rows
    assert rows[0][1] == "equally good (a tie)"


def test_a_tie_broken_on_lead_time_says_so() -> None:
    from advisor.views.proposal import build_proposal, proposal_document
    from advisor.views.report import Report

    report = _tied_report("lead time")
    assert isinstance(report, Report)
    proposal = build_proposal(report, knowledge.load())
    assert " or " not in dict(proposal.callout)["Recommended sender"]
    rows = next(t for t in proposal_document(proposal).tables() if t.columns[1].key == "fit").rows
    assert rows[0][1] == "equally good on the rules; behind on lead time"


# --- Sources -------------------------------------------------------------------------------------


def test_source_links_leave_out_the_other_providers_pages() -> None:
    kb = knowledge.load()
    ids = list(kb.sources)
    every = source_links(ids, kb)
    twilio = source_links(ids, kb, "twilio")
    assert len(every.items) == len(every.links) == len(set(ids) & set(kb.sources))
    assert 0 < len(twilio.items) < len(every.items)
    for item, url in zip(twilio.items, twilio.links, strict=True):
        for other in ("Telnyx", "Bandwidth", "Amazon", "Sinch", "Vonage", "Infobip", "Plivo"):
            assert not item.startswith(other), item
        assert "amazon.com" not in url
    assert any(item.startswith("Twilio:") for item in twilio.items)


# --- Branding ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [("#ABCDEF", "#abcdef"), (" #0a0 ", "#0a0")])
def test_parse_color(value: str, expected: str) -> None:
    assert parse_color(value, "--accent-color") == expected


@pytest.mark.parametrize("value", ["red", "#12345", "abcdef", "#ggg", "#1234567", ""])
def test_a_bad_colour_is_one_line(value: str) -> None:
    with pytest.raises(UsageError, match=r"--accent-color: expected a colour as #rrggbb or #rgb"):
        parse_color(value, "--accent-color")


def test_a_logo_is_embedded_as_a_data_uri(tmp_path: Path) -> None:
    uri = logo_uri(LOGO)
    assert uri.startswith("data:image/svg+xml;base64,")
    for name, data, message in (
        ("logo.txt", b"x", "expected an image file"),
        ("empty.png", b"", "the file is empty"),
        ("huge.png", b"x" * (LOGO_MAX_BYTES + 1), "a logo must be at most"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(InputError, match=re.escape(f"--logo: {path}: ") + ".*" + message):
            logo_uri(path)
    with pytest.raises(InputError, match="cannot read"):
        logo_uri(tmp_path / "missing.png")


def test_flags_win_over_the_config_file() -> None:
    config = {
        key: reader(value, f"config.toml: {key}")
        for key, value, reader in (
            ("company", "Config Co", CONFIG_KEYS["company"]),
            ("accent_color", "#112233", CONFIG_KEYS["accent_color"]),
            ("logo", str(LOGO), CONFIG_KEYS["logo"]),
        )
    }
    from_file = branding(config=config)
    assert from_file == Branding("Config Co", logo_uri(LOGO), "#112233", None)
    flags = branding(company="Flag Co", color="#445566", config=config)
    assert (flags.company, flags.color, flags.logo) == ("Flag Co", "#445566", from_file.logo)
    assert branding() == Branding("", "", DEFAULT_COLOR, None)


def test_a_bad_config_value_names_the_file_and_key() -> None:
    with pytest.raises(UsageError, match=r"^config.toml: accent_color: expected a colour"):
        CONFIG_KEYS["accent_color"]("purple", "config.toml: accent_color")
    with pytest.raises(InputError, match=r"^config.toml: template: .*: no such file"):
        CONFIG_KEYS["template"]("/nonexistent/t.html", "config.toml: template")


def test_company_logo_and_colour_reach_the_page() -> None:
    code, page, err = invoke(
        *DE, "--format", "html", "--company", "Acme & Co", "--logo", str(LOGO),
        "--accent-color", "#7A3EB1",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert '<span class="proposal-company">Acme &amp; Co</span>' in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "color: #7a3eb1;" in page
    assert DEFAULT_COLOR not in page
    assert "Prepared for Kranich by Acme &amp; Co," in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--accent-color", "blue"), "--accent-color: expected a colour as #rrggbb or #rgb"),
        (("--logo", "README.md"), "--logo: README.md: expected an image file"),
        (("--template", "missing.j2"), "--template: missing.j2: no such file"),
    ],
)
def test_bad_branding_is_one_line(args: tuple[str, ...], message: str) -> None:
    code, out, err = invoke(*DE, "--format", "html", *args)
    assert (code, out) == (2, "")
    assert err.startswith(f"advisor: error: {message}")
    assert err.count("\n") == 1


# --- The template and its one stylesheet ---------------------------------------------------------


def test_everything_is_escaped() -> None:
    code, page, _ = invoke(*DE[:2], "<script>alert(1)</script>", *DE[3:], "--format", "html")
    assert code == 0
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_template_of_ones_own(tmp_path: Path) -> None:
    template = tmp_path / "mine.html.j2"
    template.write_text(
        "<h1>{{ proposal.title }}</h1>{{ proposal.prepared_for }}|{{ branding.color }}",
        encoding="utf-8",
    )
    code, page, err = invoke(
        *DE[:2], "<b>K</b>", *DE[3:], "--format", "html", "--template", str(template)
    )
    assert (code, err) == (0, "")
    assert page == (
        "<h1>SMS sender proposal for &lt;b&gt;K&lt;/b&gt; in Germany</h1>"
        f"&lt;b&gt;K&lt;/b&gt;|{DEFAULT_COLOR}\n"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{% if %}", "line 1: Expected an expression"),
        ("{{ proposal.nothing }}", "has no attribute 'nothing'"),
    ],
)
def test_a_broken_template_is_one_line_naming_it(tmp_path: Path, text: str, message: str) -> None:
    template = tmp_path / "broken.j2"
    template.write_text(text, encoding="utf-8")
    code, out, err = invoke(*DE, "--format", "html", "--template", str(template))
    assert (code, out) == (2, "")
    assert err.startswith(f"advisor: error: --template: {template}")
    assert message in err
    assert err.count("\n") == 1


def _declarations(css: str) -> set[str]:
    return {
        declaration.strip()
        for block in re.findall(r"\{([^{}]*)\}", css)
        for declaration in block.split(";")
        if declaration.strip()
    }


def test_the_page_fragment_and_pdf_share_one_stylesheet() -> None:
    from advisor.render.proposal_html import stylesheet

    _, page, _ = invoke(*DE, "--format", "html", "--accent-color", "#123456")
    _, fragment, _ = invoke(*DE, "--format", "html", "--fragment", "--accent-color", "#123456")
    css = stylesheet(Branding(color="#123456"))
    # the page embeds the stylesheet; the PDF prints that page (tests/test_pdf.py)
    assert f"<style>\n{css}</style>" in page  # the page embeds exactly this stylesheet
    # the fragment carries no stylesheet, only the same declarations inline
    assert "<style" not in fragment
    assert not fragment.startswith("<!DOCTYPE")
    inline = {
        declaration.strip()
        for style in re.findall(r'style="([^"]*)"', fragment)
        for declaration in style.replace("&quot;", '"').split(";")
        if declaration.strip()
    }
    assert "color: #123456" in inline
    normalised = {re.sub(r"\s+", " ", d.replace(": ", ":")) for d in _declarations(css)}
    for declaration in inline:
        assert re.sub(r"\s+", " ", declaration.replace(": ", ":")) in normalised, declaration


def test_the_fragment_keeps_the_proposals_text() -> None:
    _, page, _ = invoke(*DE, "--format", "html")
    _, fragment, _ = invoke(*DE, "--format", "html", "--fragment")

    def text(page: str) -> str:
        import html

        body = page.split("<main>")[-1].split("</main>")[0]
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())

    assert text(page) == text(fragment)
