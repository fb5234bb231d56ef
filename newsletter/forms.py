from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .addresses import clean_name, normalise_email
from .models import ConsentRecord

SIGNUP_SOURCES = [ConsentRecord.Source.FOOTER, ConsentRecord.Source.PAGE]


class SignupForm(forms.Form):
    """Used by the footer form, the newsletter page and the API."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    email = forms.CharField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=_("Language of the bulletin"), choices=settings.LANGUAGES)
    source = forms.ChoiceField(widget=forms.HiddenInput)
    # A trap for bots: hidden from people (CSS, aria-hidden, no tab stop).
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, sources=SIGNUP_SOURCES, **kwargs):
        kwargs.setdefault(
            "initial", {"language": translation.get_language(), "source": sources[-1]}
        )
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.value, s.label) for s in sources]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_name(self):
        return clean_name(self.cleaned_data["name"])

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the bulletin"), choices=settings.LANGUAGES)


def form_errors(form) -> list[dict]:
    return [
        {"loc": [field], "msg": str(message)}
        for field, messages in form.errors.items()
        for message in messages
    ]
