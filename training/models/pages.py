"""The training section: an index of modules, each module with its lessons and its pre- and
post-test."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from polls.blocks import PollBlock
from portal import visibility
from portal.api.fields import typed
from portal.audience import AudienceMixin
from portal.models import IntroMixin
from portal.slugs import LatinSlugMixin
from portal.visibility import SharedRestrictionsMixin
from search.mixins import SearchablePageMixin, SearchSection, sections_from_stream

from ..blocks import AssessmentBlock, LessonBodyBlock, RelatedPageBlock
from ..scoring import (
    POST_TEST,
    PRE_TEST,
    TEST_LABELS,
    SubmissionRejected,
    form_token,
    presented,
    questions_of,
    score_submission,
)
from .progress import lesson_completed, module_progress
from .results import AssessmentAttempt, Certificate


class PerUserPageMixin:
    """Pages that show a signed-in trainee their own progress must never be stored by a
    shared cache; everyone else gets the same, cacheable page."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
        return response


class TrainingIndexPage(
    LatinSlugMixin, SharedRestrictionsMixin, SearchablePageMixin, IntroMixin, Page
):
    search_is_listing = True
    body = StreamField([("poll", PollBlock())], blank=True, verbose_name=_("body"))

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["training.TrainingModulePage"]
    max_count_per_parent = 1

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = SearchablePageMixin.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("training index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = visibility.pages(TrainingModulePage.objects.child_of(self)).order_by(
            "path"
        )
        return context

    def search_sections(self):
        return [SearchSection(None, self.title, self.intro)]


class TrainingModulePage(
    AudienceMixin,
    PerUserPageMixin,
    LatinSlugMixin,
    SharedRestrictionsMixin,
    SearchablePageMixin,
    RoutablePageMixin,
    IntroMixin,
    Page,
):
    LEVELS = [
        ("introductory", _("Introductory")),
        ("intermediate", _("Intermediate")),
        ("advanced", _("Advanced")),
    ]

    learning_objectives = StreamField(
        [("objective", blocks.CharBlock(label=_("Objective")))],
        blank=True,
        verbose_name=_("learning objectives"),
    )
    duration_minutes = models.PositiveIntegerField(_("duration in minutes"), default=60)
    level = models.CharField(_("level"), max_length=20, choices=LEVELS, default="introductory")
    prerequisites = RichTextField(
        _("prerequisites"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    related = StreamField(
        [("related_page", RelatedPageBlock())],
        blank=True,
        verbose_name=_("related handbook chapters and standards"),
    )
    pre_test = StreamField(AssessmentBlock(), blank=True, verbose_name=_("pre-test"))
    post_test = StreamField(AssessmentBlock(), blank=True, verbose_name=_("post-test"))
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The post-test score needed for a certificate."),
    )
    shuffle_questions = models.BooleanField(_("shuffle questions and answers"), default=False)

    parent_page_types = ["training.TrainingIndexPage"]
    subpage_types = ["training.LessonPage"]

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("audiences"),
                FieldPanel("level"),
                FieldPanel("duration_minutes"),
                FieldPanel("prerequisites"),
            ],
            heading=_("About the module"),
        ),
        FieldPanel("learning_objectives"),
        FieldPanel("related"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("shuffle_questions"),
                FieldPanel("pre_test"),
                FieldPanel("post_test"),
            ],
            heading=_("Assessments"),
        ),
    ]
    search_fields = SearchablePageMixin.search_fields + [
        index.SearchField("intro"),
        index.FilterField("level"),
    ]
    api_fields = [
        APIField("intro"),
        APIField("audiences", serializer=typed(list[str])),
        APIField("learning_objectives"),
        APIField("duration_minutes"),
        APIField("level"),
        APIField("prerequisites"),
        APIField("related"),
        APIField("pass_mark"),
    ]

    class Meta:
        verbose_name = _("training module")

    def clean(self):
        super().clean()
        if self.post_test and not questions_of(self.post_test):
            raise ValidationError({"post_test": _("Add at least one question.")})

    def search_sections(self):
        objectives = " ".join(str(block.value) for block in self.learning_objectives)
        return [SearchSection(None, self.title, f"{self.intro} {objectives}")]

    def search_facets(self):
        return {"audience": self.audience_labels()}

    def lessons(self):
        return visibility.pages(LessonPage.objects.child_of(self)).order_by("path")

    def test_for(self, kind):
        return self.pre_test if kind == PRE_TEST else self.post_test

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = list(self.lessons())
        context["lessons"] = lessons
        context["pre_test_url"] = self.url + self.reverse_subpage("pre_test")
        context["post_test_url"] = self.url + self.reverse_subpage("post_test")
        context["progress"] = (
            module_progress(request.user, self, lessons) if request.user.is_authenticated else None
        )
        return context

    @path("")
    def module(self, request):
        return self.render(request)

    @path("pre-test/", name="pre_test")
    def pre_test_view(self, request):
        return self.assessment(request, PRE_TEST)

    @path("post-test/", name="post_test")
    def post_test_view(self, request):
        return self.assessment(request, POST_TEST)

    def assessment(self, request, kind):
        """The pre- or post-test: the form on GET, the scored result on POST."""
        questions = questions_of(self.test_for(kind))
        if not questions:
            raise Http404
        context = {
            "page": self,
            "module": self,
            "kind": kind,
            "test_label": TEST_LABELS[kind],
            "form_token": form_token(self, kind, questions),
        }
        if request.method == "POST":
            return never_cache(self._score_assessment)(request, kind, questions, context)
        context["questions"] = presented(questions, self.shuffle_questions)
        return TemplateResponse(request, "training/assessment.html", context)

    def _score_assessment(self, request, kind, questions, context):
        try:
            score = score_submission(self, kind, questions, request.POST)
        except SubmissionRejected as rejected:
            context.update(
                questions=questions,
                error=rejected.message,
                chosen={q.id: request.POST.getlist(q.field_name) for q in questions},
            )
            return TemplateResponse(request, "training/assessment.html", context, status=400)
        certificate = None
        with transaction.atomic():
            AssessmentAttempt.record(self, kind, score, request.user)
            if kind == POST_TEST and score.passed and request.user.is_authenticated:
                certificate, _created = Certificate.issue(request.user, self, score.percent)
        context.update(score=score, certificate=certificate)
        return TemplateResponse(request, "training/assessment_result.html", context)


class LessonPage(
    PerUserPageMixin, LatinSlugMixin, SharedRestrictionsMixin, SearchablePageMixin, IntroMixin, Page
):
    body = StreamField(LessonBodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["training.TrainingModulePage"]
    subpage_types = []

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = SearchablePageMixin.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("lesson")

    def search_sections(self):
        return sections_from_stream(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        module = self.get_parent().specific
        # The live lessons, and this one where it will stand (a preview of a lesson that was
        # never published).
        others = [lesson for lesson in module.lessons() if lesson.pk != self.pk]
        siblings = sorted([*others, self], key=lambda lesson: lesson.path)
        index_ = next(i for i, lesson in enumerate(siblings) if lesson.pk == self.pk)
        context.update(
            module=module,
            lesson_number=index_ + 1,
            lesson_count=len(siblings),
            previous_lesson=siblings[index_ - 1] if index_ > 0 else None,
            next_lesson=siblings[index_ + 1] if index_ + 1 < len(siblings) else None,
            completed=request.user.is_authenticated and lesson_completed(request.user, self),
        )
        return context
