import re

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

register = template.Library()

# The end of the last paragraph or list item of a rendered block: where its note markers go.
LAST_TEXT_END = re.compile(r"\s*(</(?:p|li)>)(?!.*</(?:p|li)>)", re.DOTALL)


@register.simple_tag(takes_context=True)
def block_with_notes(context, block, notes):
    """The block, with the superscript markers of the notes that follow it at the end of its
    last sentence, so that a marker sits in the text it annotates."""
    html = block.render(context=context.flatten()) if block is not None else ""
    if not notes:
        return mark_safe(html)  # noqa: S308 - rendered by the block's own template
    markers = render_to_string(
        "handbook/includes/note_markers.html", {"notes": notes}, request=context.get("request")
    ).strip()
    if LAST_TEXT_END.search(html):
        return mark_safe(LAST_TEXT_END.sub(lambda m: markers + m.group(1), html, count=1))  # noqa: S308
    return mark_safe(f'{html}<p class="note-markers">{markers}</p>')  # noqa: S308
