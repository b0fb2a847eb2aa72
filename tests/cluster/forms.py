"""The first POST form of an HTML page: its action and its pre-filled (hidden) fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.form: Form | None = None
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "form" and self.form is None and attr.get("method", "get").lower() == "post":
            self.form = Form(action=attr.get("action", ""))
        elif self.form is not None and not self.done and tag in ("input", "select", "textarea", "button"):
            self._field(attr)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.form is not None:
            self.done = True

    def _field(self, attr: dict[str, str]) -> None:
        assert self.form is not None
        name = attr.get("name")
        if not name:
            return
        self.form.names.append(name)
        if attr.get("type") == "hidden":
            self.form.fields[name] = attr.get("value", "")


def parse_form(html: str) -> Form:
    parser = _FormParser()
    parser.feed(html)
    assert parser.form is not None, f"no POST form in page:\n{html[:1000]}"
    return parser.form
