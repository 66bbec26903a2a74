from __future__ import annotations

from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="For example: Power BI programme dashboard.",
        max_length=100,
        error_messages={"required": "Enter what the token is for"},
    )
