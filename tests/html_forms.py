"""The forms of a page as a browser sees them: where they post, and what they would send."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

SUBMITTED_INPUT_TYPES = {"text", "email", "password", "number", "date", "datetime-local", "time", "url", "tel",
                         "search", "hidden", "checkbox", "radio", "file", "month", "week", "color", "range"}


@dataclass
class HtmlForm:
    action: str
    fields: dict[str, str] = field(default_factory=dict)  # name -> what the browser would send
    kinds: dict[str, str] = field(default_factory=dict)  # name -> input type, "select" or "textarea"


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._form = HtmlForm(attrs.get("action") or self.page_url)
            return
        form = self._form
        if form is None or not attrs.get("name"):
            if tag == "option" and self._select and form is not None:
                self._option(attrs)
            return
        name = attrs["name"]
        if tag == "input" and (attrs.get("type") or "text") in SUBMITTED_INPUT_TYPES:
            kind = attrs.get("type") or "text"
            form.kinds.setdefault(name, kind)
            if kind in ("checkbox", "radio"):
                if "checked" in attrs or name not in form.fields:
                    form.fields[name] = attrs.get("value", "on")
            elif kind != "file":
                form.fields[name] = attrs.get("value") or ""
            else:
                form.fields[name] = ""
        elif tag == "select":
            self._select = name
            form.kinds[name] = "select"
        elif tag == "textarea":
            self._textarea = name
            form.kinds[name] = "textarea"
            form.fields[name] = ""

    def _option(self, attrs):
        value = attrs.get("value", "")
        if "selected" in attrs or self._select not in self._form.fields:
            self._form.fields[self._select] = value

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def post_forms(page: str, page_url: str) -> list[HtmlForm]:
    parser = _FormParser(page_url)
    parser.feed(page)
    return parser.forms
