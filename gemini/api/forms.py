from __future__ import annotations

from django import forms

from gemini.core.forms import GeminiForm


class TokenForm(GeminiForm):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example: Power BI programme dashboard.",
        max_length=100,
        error_messages={"required": "Enter what the token is for"},
    )
