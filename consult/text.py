"""Text helpers shared by capabilities: sanitised Markdown and word counts."""
from __future__ import annotations

import re

import markdown as md
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "blockquote",
    "a", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}
WORD_RE = re.compile(r"\S+")


def render_markdown(source: str) -> Markup:
    """Markdown to HTML with everything outside a small safe list removed (scripts,
    iframes, event handlers, ``javascript:`` links)."""
    html = md.markdown(source or "", extensions=["tables", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    # Safe: nh3 kept only the allow-listed tags and attributes above.
    return Markup(clean)  # nosec B704


def word_count(text: str) -> int:
    return len(WORD_RE.findall(text or ""))
