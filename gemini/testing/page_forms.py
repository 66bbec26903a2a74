"""Read a page's edit form as a browser would submit it, for tests that post it back."""

from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    """Every `<form method="post">` on a page: the fields a browser would send, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, str]] = []
        self._form: dict[str, str] | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "form" and found.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None or tag not in {"input", "textarea", "select", "option"}:
            return
        name = found.get("name", "")
        if tag == "input" and name:
            kind = found.get("type", "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in found:
                    self._form[name] = found.get("value", "on")
            elif kind not in {"submit", "button"}:
                self._form[name] = found.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self._form[name] = ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select:
            value = found.get("value", "")
            self._first_option.setdefault(self._select, value)
            if "selected" in found:
                self._form[self._select] = value

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._form is not None and self._select:
            self._form.setdefault(self._select, self._first_option.get(self._select, ""))
            self._select = None
        elif tag == "form":
            self._form = None


def edit_form(page: str) -> dict[str, str]:
    """The fields of the page's edit form (the post form that carries a version), as sent."""
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        if any(name.startswith("version") for name in form):
            return form
    raise AssertionError("The page has no edit form carrying a version.")


def outside_forms(page: str) -> str:
    """The page without its forms: what it shows, not what the fields hold."""
    parts = []
    rest = page
    while "<form" in rest:
        before, _, after = rest.partition("<form")
        parts.append(before)
        rest = after.partition("</form>")[2]
    parts.append(rest)
    return "".join(parts)
