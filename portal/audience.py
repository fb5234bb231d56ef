"""The one vocabulary of audiences: who a standard, an event or a training module is for.
Pages store codes; labels are interface strings, so both languages name an audience the
same way everywhere (filters, search facets, calendars, the API)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    PROFESSIONALS = "professionals", _("All professionals")
    POLICE = "police", _("Police and border police")
    SOCIAL_SERVICES = "social-services", _("Social services")
    HEALTH = "health", _("Health care")
    NGOS = "ngos", _("NGOs")
    JUDICIARY = "judiciary", _("Prosecution and courts")

    @classmethod
    def labels_of(cls, codes) -> list[str]:
        return [str(cls(code).label) for code in codes]

    @classmethod
    def q(cls, field_name: str, code: str) -> models.Q:
        """Pages of one audience: a plain substring match that every database runs."""
        return models.Q(**{f"{field_name}__contains": f",{code},"})


class AudiencesField(models.Field):
    """Several audiences in one column, stored as ",police,ngos," in the vocabulary's order
    (see `Audience.q` to filter). Not a CharField subclass, so wagtail-localize copies it to
    translations instead of offering it to translators."""

    description = "audiences"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def get_internal_type(self):
        return "CharField"

    def to_python(self, value):
        if value is None:
            return []
        chosen = set(value.split(",") if isinstance(value, str) else value)
        return [code for code in Audience.values if code in chosen]

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def get_prep_value(self, value):
        codes = self.to_python(value)
        return f",{','.join(codes)}," if codes else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        unknown = set(value or []) - set(Audience.values)
        if unknown:
            raise ValidationError(_("Unknown audience: %(codes)s"), params={"codes": unknown})
        super().validate(value, model_instance)

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=Audience.choices,
            required=not self.blank,
            widget=forms.CheckboxSelectMultiple,
            label=self.verbose_name.capitalize() if self.verbose_name else None,
            help_text=self.help_text,
        )


class AudienceMixin(models.Model):
    """Pages that say who they are for."""

    audiences = AudiencesField(_("for"), help_text=_("Who this is written for."))

    class Meta:
        abstract = True

    def audience_labels(self) -> list[str]:
        return Audience.labels_of(self.audiences)


def rewrite_audiences(apps, app_label, model_name, old_fields, to_codes):
    """For data migrations: fill `audiences` from a model's former audience fields in its
    rows, its revisions and its wagtail-localize translation sources, so that editing,
    reverting and syncing translations keep the audiences. `to_codes(values)` takes a dict
    of the old fields' values and returns audience codes."""
    import json

    stored = AudiencesField().get_prep_value
    model = apps.get_model(app_label, model_name)
    for values in model.objects.values("pk", *old_fields):
        model.objects.filter(pk=values["pk"]).update(audiences=stored(to_codes(values)))
    content_type = apps.get_model("contenttypes", "ContentType").objects.filter(
        app_label=app_label, model=model_name.lower()
    )
    for revision in apps.get_model("wagtailcore", "Revision").objects.filter(
        content_type__in=content_type
    ):
        revision.content["audiences"] = stored(to_codes(revision.content))
        revision.save(update_fields=["content"])
    if not apps.is_installed("wagtail_localize"):
        return
    for source in apps.get_model("wagtail_localize", "TranslationSource").objects.filter(
        specific_content_type__in=content_type
    ):
        content = json.loads(source.content_json)
        content["audiences"] = stored(to_codes(content))
        source.content_json = json.dumps(content)
        source.save(update_fields=["content_json"])
