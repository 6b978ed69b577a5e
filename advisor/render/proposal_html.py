"""The proposal as HTML: a Jinja2 template (autoescaped) the user can replace, and one
stylesheet for the standalone page, the paste-ready fragment and the PDF.

The page embeds the stylesheet (the base of every page, :data:`advisor.render.html.STYLESHEET`,
then ``templates/proposal.css`` in the accent colour). The fragment is the same markup
with that stylesheet inlined into ``style`` attributes (css-inline), because Google
Docs, Word and Confluence keep inline styles on paste and drop stylesheets. The PDF
(:mod:`advisor.render.pdf`) prints the page.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from advisor.branding import Branding
from advisor.errors import InputError
from advisor.render.cells import normalise_newlines, visible_controls
from advisor.render.html import STYLESHEET, body_html
from advisor.render.model import Block, Document

if TYPE_CHECKING:
    import jinja2

    from advisor.views.proposal import Proposal

_TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE = "proposal.html.j2"
_CSS = "proposal.css"


def _visible(value: object) -> object:
    """A value as the template prints it: text with its control characters made visible
    (``\\x1b``); HTML the advisor made (``Markup``) as it is."""
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return visible_controls(normalise_newlines(value))
    return value


@cache
def _environment(folder: Path) -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        # a user's template can include or extend the built-in one
        loader=jinja2.FileSystemLoader(list(dict.fromkeys([folder, _TEMPLATES]))),
        # Everything is escaped, whatever the template file is called, and a control
        # character shows as text (as in every page of the advisor).
        autoescape=True,
        finalize=_visible,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def stylesheet(branding: Branding) -> str:
    """The proposal's one stylesheet: the base of every page, then the proposal's own."""
    own = _environment(_TEMPLATES).get_template(_CSS).render(accent=branding.color)
    return f"{STYLESHEET.rstrip()}\n{own.rstrip()}\n"


def _blocks(blocks: tuple[Block, ...]) -> str:
    return body_html(Document(title="", blocks=blocks)) if blocks else ""


def _template(branding: Branding) -> jinja2.Template:
    import jinja2

    if branding.template is None:
        return _environment(_TEMPLATES).get_template(TEMPLATE)
    path = branding.template
    try:
        return _environment(path.parent.resolve()).get_template(path.name)
    except jinja2.TemplateSyntaxError as error:
        raise InputError(f"--template: {path}: line {error.lineno}: {error.message}") from None
    except (jinja2.TemplateNotFound, OSError, UnicodeDecodeError) as error:
        raise InputError(f"--template: {path}: cannot read the template: {error}") from None


def render_proposal_html(
    proposal: Proposal, branding: Branding | None = None, *, fragment: bool = False
) -> str:
    """The proposal as a standalone page, or (``fragment``) a block with inline styles."""
    import jinja2
    from markupsafe import Markup

    brand = branding or Branding()
    css = stylesheet(brand)
    sources = proposal.sources
    context = {
        "proposal": proposal,
        "branding": brand,
        "body": Markup(_blocks(proposal.body)),
        "closing": Markup(_blocks(proposal.closing)),
        "sources": Markup(_blocks((sources,))) if sources.items else "",
        "appendix": Markup(_blocks(proposal.appendix)),
        "stylesheet": Markup(css),
        "fragment": fragment,
    }
    try:
        page = _template(brand).render(context)
    except jinja2.TemplateError as error:
        where = brand.template or TEMPLATE
        raise InputError(f"--template: {where}: {error}") from None
    page = page.rstrip("\n") + "\n"
    if not fragment:
        return page
    import css_inline

    return css_inline.inline_fragment(page, css).rstrip("\n") + "\n"
