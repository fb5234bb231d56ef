"""Public polls. A poll is a translatable snippet; its Bulgarian and English versions share
a translation key, and votes are counted against that key so they add up. A vote is stored
as an anonymous row (which answer, nothing else); that a client voted is remembered apart,
as a keyed hash that rotates and is deleted with its window."""

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from portal.client_identity import current_window, rotating_hash

from .tokens import form_token


class PollQuerySet(models.QuerySet):
    def open_now(self, now=None):
        now = now or timezone.now()
        return self.filter(opens_at__lte=now).filter(
            models.Q(closes_at__isnull=True) | models.Q(closes_at__gt=now)
        )


class Poll(TranslatableMixin, index.Indexed, models.Model):
    RESULTS_ALWAYS = "always"
    RESULTS_AFTER_VOTE = "after_vote"
    RESULTS_AFTER_CLOSE = "after_close"
    RESULTS_CHOICES = [
        (RESULTS_ALWAYS, _("Before and after voting")),
        (RESULTS_AFTER_VOTE, _("After voting")),
        (RESULTS_AFTER_CLOSE, _("Only after the poll closes")),
    ]

    question = models.CharField(_("question"), max_length=255)
    choices = StreamField(
        [("choice", blocks.CharBlock(label=_("Answer")))],
        min_num=2,
        verbose_name=_("answers"),
        help_text=_("Keep the answers once votes come in: votes are counted per answer."),
    )
    opens_at = models.DateTimeField(_("opens"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    results_visibility = models.CharField(
        _("show results"), max_length=16, choices=RESULTS_CHOICES, default=RESULTS_AFTER_VOTE
    )
    methodology_note = models.TextField(
        _("methodology note"),
        blank=True,
        help_text=_("e.g. “This is not a representative survey.”"),
    )

    objects = PollQuerySet.as_manager()

    panels = [
        FieldPanel("question"),
        FieldPanel("choices"),
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at"), FieldPanel("results_visibility")],
            heading=_("When"),
        ),
        FieldPanel("methodology_note"),
    ]
    search_fields = [index.SearchField("question"), index.AutocompleteField("question")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-opens_at"]

    def __str__(self):
        return self.question

    @classmethod
    def current(cls, locale=None):
        """The most recently opened poll that is open now, in the active language."""
        locale = locale or Locale.get_active()
        return (
            cls.objects.open_now()
            .filter(locale=locale)
            .select_related("locale")
            .order_by("-opens_at")
            .first()
        )

    @cached_property
    def rules(self):
        """Dates and visibility come from the version in the default language, so an
        unsynchronised translation can never keep a poll open longer."""
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return self
        source = (
            Poll.objects.filter(
                translation_key=self.translation_key,
                locale__language_code=settings.LANGUAGE_CODE,
            )
            .only("opens_at", "closes_at", "results_visibility")
            .first()
        )
        return source or self

    def url_path(self):
        return reverse("polls:detail", args=[self.pk])

    def vote_url(self):
        return reverse("polls:vote", args=[self.pk])

    def results_url(self):
        return reverse("polls:results", args=[self.pk])

    def form_token(self):
        return form_token(self.pk)

    def is_open(self, now=None):
        now = now or timezone.now()
        rules = self.rules
        return rules.opens_at <= now and (rules.closes_at is None or rules.closes_at > now)

    def is_closed(self, now=None):
        rules = self.rules
        return rules.closes_at is not None and rules.closes_at <= (now or timezone.now())

    def results_visible(self, has_voted=False, now=None):
        visibility = self.rules.results_visibility
        if visibility == self.RESULTS_ALWAYS or self.is_closed(now):
            return True
        return visibility == self.RESULTS_AFTER_VOTE and has_voted

    def choice_list(self):
        return [(block.id, str(block.value)) for block in self.choices]

    def results(self):
        """[(choice_id, text, votes, percent)] and the total, counted over every language."""
        counts = dict(
            PollVote.objects.filter(poll_key=self.translation_key)
            .values_list("choice_id")
            .annotate(n=Count("id"))
            .values_list("choice_id", "n")
        )
        choices = self.choice_list()
        total = sum(counts.get(choice_id, 0) for choice_id, _text in choices)
        rows = [
            (
                choice_id,
                text,
                counts.get(choice_id, 0),
                round(100 * counts.get(choice_id, 0) / total, 1) if total else 0.0,
            )
            for choice_id, text in choices
        ]
        return rows, total


class PollVote(models.Model):
    """One vote: which answer of which poll. Nothing about who cast it."""

    poll_key = models.UUIDField(db_index=True)
    choice_id = models.CharField(max_length=64)


def guard_digest(client_address, poll_key, window):
    """A keyed hash of the address and poll; the key changes with every window."""
    return rotating_hash("poll-guard", f"{client_address}|{poll_key}", window)


class PollVoteGuard(models.Model):
    """How many votes came from one (hashed) address for one poll in one window."""

    poll_key = models.UUIDField()
    digest = models.CharField(max_length=64)
    window = models.PositiveIntegerField(db_index=True)
    votes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll_key", "digest", "window"], name="unique_poll_vote_guard"
            )
        ]

    @classmethod
    def admit(cls, poll_key, client_address, limit):
        """Count one more vote from this address; False when it has reached the limit.
        Must run inside the transaction that stores the vote."""
        window = current_window()
        digest = guard_digest(client_address, poll_key, window)
        lookup = {"poll_key": poll_key, "digest": digest, "window": window}
        for _attempt in range(2):
            if cls.objects.filter(**lookup, votes__lt=limit).update(votes=F("votes") + 1):
                return True
            try:
                with transaction.atomic():
                    cls.objects.create(**lookup, votes=1)
                return True
            except IntegrityError:
                # The row exists (perhaps just created by a simultaneous vote from the same
                # address): try the conditional update again, which also applies the limit.
                continue
        return False

    @classmethod
    def forget_old(cls):
        cls.objects.filter(window__lt=current_window()).delete()
