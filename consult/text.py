"""Text helpers shared by capabilities: sanitised Markdown, word counts and slugs."""
from __future__ import annotations

import re
import unicodedata

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


def slugify(text: str, max_length: int = 80) -> str:
    """``Roundtable 3: Partnerships`` → ``roundtable-3-partnerships``."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-")
