"""What Gemini refuses in the text people send it, by every way in (docs/security.md).

One rule for forms (gemini.core.forms), the API (gemini.api.schemas.InputSchema) and imports
(gemini.core.importing), so that text refused one way is never stored another way:

- **Formulas.** Text that Excel, LibreOffice or Google Sheets would run as a formula when the
  data goes out to a spreadsheet (OWASP "CSV injection"): starting, after any spaces, with =,
  +, - or @, unless it is a plain number such as -5, +1.5, -£1,234.50 or -0.25%, or a lone -.
  Refused, not stored and neutralised later: JSON read by the API ends up in other people's
  spreadsheets, where Gemini cannot add the apostrophe that gemini.core.exports adds to its own
  downloads.
- **Bidirectional controls.** The Unicode embeddings, overrides and isolates (U+202A–U+202E,
  U+2066–U+2069) and the invisible direction marks (U+200E, U+200F, U+061C). They change the
  order in which text is shown, so a title can show as something other than what is stored
  ("Trojan Source", CVE-2021-42574), and the marks make two values that look the same differ.

Pure: no Django import.
"""

from __future__ import annotations

import re
import unicodedata

FORMULA_STARTS = ("=", "+", "-", "@")
_PLAIN_NUMBER = re.compile(r"[+-]\s?£?(\d[\d,]*(\.\d*)?|\.\d+)%?")

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings, pop directional formatting, overrides
    "\u2066\u2067\u2068\u2069"  # isolates and pop directional isolate
    "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks
)
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_NUMBER = r"\s?£?(?:\d[\d,]*(?:\.\d*)?|\.\d+)%?\s*$"
# The same rule as one regular expression that finds what `problem_with_text` refuses, for the
# API's OpenAPI schema (`"not": {"pattern": REFUSED_PATTERN}` on every text field it reads).
REFUSED_PATTERN = (
    r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
    rf"|^\s*(?:[=@]|\+(?!{_NUMBER})|-(?!{_NUMBER}|\s*$))"
)


def formula_problem(value: str) -> str | None:
    """Why `value` (already stripped) would run as a spreadsheet formula, or None."""
    if not value.startswith(FORMULA_STARTS) or value == "-" or _PLAIN_NUMBER.fullmatch(value):
        return None
    shown = value if len(value) <= 40 else value[:40] + "…"
    return (
        f"{shown!r} starts with {value[0]}, so a spreadsheet would run it as a formula. Gemini "
        f"does not take formulas: type the value itself, without the leading {value[0]}."
    )


def bidi_problem(value: str, where: str = "the text") -> str | None:
    """Which hidden direction controls `value` holds, as a sentence naming `where` they are
    ("the title"), or None."""
    if value.isascii():
        return None
    found = list(dict.fromkeys(_BIDI.findall(value)))
    if not found:
        return None
    names = [f"{unicodedata.name(char).lower()} (U+{ord(char):04X})" for char in found]
    if len(names) == 1:
        name, code = names[0].rsplit(" ", 1)
        return (
            f"Remove the hidden {name} character {code} from {where}: it changes the order in "
            "which text is shown, so the text can look like something it is not."
        )
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"Remove the hidden characters {listed} from {where}: they change the order in which "
        "text is shown, so the text can look like something it is not."
    )


def problem_with_text(value: str, where: str = "the text") -> str | None:
    """Why Gemini refuses `value` as text a person wrote, or None. `where` names the field in
    the message ("the title")."""
    return bidi_problem(value, where) or formula_problem(value.strip())
