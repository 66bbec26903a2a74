"""Forms for the operating-model catalogue."""

from __future__ import annotations

from typing import Any

from django import forms

from gemini.core.forms import GeminiForm, GeminiModelForm
from gemini.core.models import Organisation
from gemini.programme.catalogue.services import OwnerEntry
from gemini.programme.fields import uk_dates
from gemini.programme.models import CatalogueService


class ResponsibilityForm(GeminiForm):
    service = forms.ModelChoiceField(
        queryset=CatalogueService.objects.none(),
        empty_label="Choose a service",
        error_messages={"required": "Choose a service"},
    )
    organisation = forms.ModelChoiceField(
        label="Council",
        queryset=Organisation.objects.none(),
        empty_label="Choose a council",
        error_messages={"required": "Choose a council"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = CatalogueService.objects.all()  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind=Organisation.Kind.COUNCIL
        )


CONTACT_HINT = "Team, mailbox or portal."


PROVIDER_HINT = "Who delivers it there."


class CatalogueServiceForm(GeminiModelForm):
    """A service in the operating-model catalogue with its accountable owner in each council.

    `model` combines the model and the council: shared, separate, or "<council> only".
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    model = forms.ChoiceField(
        label="Operating model",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the operating model"},
    )

    class Meta:
        model = CatalogueService
        fields = (
            "name",
            "description",
            "provider",
            "cost_allocation",
            "current_state",
            "target_state",
            "change_date",
        )
        labels = {
            "name": "Service or capability",
            "cost_allocation": "Cost-allocation basis",
            "current_state": "Current state",
            "target_state": "Target state",
            "change_date": "Date it changes",
        }
        error_messages = {"name": {"required": "Enter the service's name"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        uk_dates(self, "change_date")
        self.fields["change_date"].label = "Date it changes"
        self.fields["cost_allocation"].help_text = "Only for a shared service."
        self.councils = list(
            Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("code")
        )
        self.fields["model"].choices = [  # type: ignore[attr-defined]
            ("shared", "Shared"),
            ("separate", "Separate (each council its own)"),
            *((f"single:{c.pk}", f"{c.code} only ({c.name})") for c in self.councils),
        ]
        service = self.instance
        owners = {o.organisation_id: o for o in service.owners.all()} if service.pk else {}
        if service.pk:
            self.initial.setdefault(
                "model",
                f"single:{service.sole_organisation_id}"
                if service.model == "single"
                else service.model,
            )
        for council in self.councils:
            owner = owners.get(council.pk)
            for name, label, value, hint in (
                ("owner", "Accountable owner", owner.accountable_owner if owner else "", ""),
                ("contact", "Where to go", owner.contact if owner else "", CONTACT_HINT),
                ("provider", "Provider", owner.provider if owner else "", PROVIDER_HINT),
            ):
                key = f"{name}_{council.pk}"
                self.fields[key] = forms.CharField(
                    label=label, required=False, max_length=200, help_text=hint
                )
                self.initial.setdefault(key, value)
        self.order_fields(["version", "name", "description", "model"])

    def council_fields(self) -> list[tuple[Organisation, list[forms.BoundField]]]:
        """Each council with its accountable owner, where to go and provider fields."""
        return [
            (c, [self[f"{name}_{c.pk}"] for name in ("owner", "contact", "provider")])
            for c in self.councils
        ]

    def model_and_council(self) -> tuple[str, Organisation | None]:
        chosen = self.cleaned_data["model"]
        if chosen.startswith("single:"):
            pk = int(chosen.split(":", 1)[1])
            return "single", next(c for c in self.councils if c.pk == pk)
        return chosen, None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("model"):
            # The model's own rules (a shared service splits its cost, …) see the choice.
            self.instance.model, self.instance.sole_organisation = self.model_and_council()
        return data

    def owner_entries(self) -> list[OwnerEntry]:
        return [
            OwnerEntry(
                council,
                self.cleaned_data[f"owner_{council.pk}"],
                self.cleaned_data[f"contact_{council.pk}"],
                self.cleaned_data[f"provider_{council.pk}"],
            )
            for council in self.councils
        ]
