"""Blocks of the training app: lesson content (case studies, click-to-load videos),
assessment questions, related material and the poll block."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from portal.blocks import RICH_TEXT_FEATURES, BaseBodyBlock


class CaseStudyBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    situation = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Situation"))
    questions = blocks.ListBlock(
        blocks.CharBlock(), required=False, label=_("Questions for discussion")
    )

    class Meta:
        icon = "group"
        template = "blocks/case_study_block.html"
        label = _("Case study")


class VideoLinkBlock(blocks.StructBlock):
    """A video on another site, shown as a plain link: nothing is loaded from the other
    site until the visitor chooses to follow it."""

    url = blocks.URLBlock(label=_("Video address"))
    title = blocks.CharBlock(label=_("Title"))
    duration = blocks.CharBlock(required=False, label=_("Duration"), help_text=_("e.g. 12 min"))
    description = blocks.TextBlock(required=False, label=_("Description"))

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["host"] = urlsplit(value["url"]).hostname or ""
        return context

    class Meta:
        icon = "media"
        template = "blocks/video_link_block.html"
        label = _("Video (link)")


class LessonBodyBlock(BaseBodyBlock):
    case_study = CaseStudyBlock()
    video = VideoLinkBlock()


class RelatedPageBlock(blocks.StructBlock):
    """A handbook chapter, a standard or any other page that goes with a module."""

    page = blocks.PageChooserBlock(page_type="wagtailcore.Page", label=_("Page"))
    note = blocks.CharBlock(required=False, label=_("Why it is relevant"))

    class Meta:
        icon = "link"
        template = "blocks/related_page_block.html"
        label = _("Related page")


class _QuestionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Question"))
    explanation = blocks.TextBlock(
        label=_("Explanation"), help_text=_("Shown with the result, whatever the answer.")
    )


class ChoiceOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))

    class Meta:
        icon = "radio-full"
        label = _("Answer")


class SingleChoiceQuestionBlock(_QuestionBlock):
    choices = blocks.ListBlock(ChoiceOptionBlock(), min_num=2, label=_("Answers"))
    multiple = False

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for choice in value["choices"] if choice["correct"]) != 1:
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark exactly one answer as correct."))}
            )
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single-choice question")


class MultipleChoiceQuestionBlock(_QuestionBlock):
    choices = blocks.ListBlock(ChoiceOptionBlock(), min_num=2, label=_("Answers"))
    multiple = True

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one answer as correct."))}
            )
        return value

    class Meta:
        icon = "tasks"
        label = _("Multiple-choice question")


class TrueFalseQuestionBlock(_QuestionBlock):
    statement_is_true = blocks.BooleanBlock(required=False, label=_("The statement is true"))
    multiple = False

    class Meta:
        icon = "help"
        label = _("True or false")


class AssessmentBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()
