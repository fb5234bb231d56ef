from django import template
from django.contrib.messages import get_messages

from ..models import Poll
from ..views import MESSAGE_TAG

register = template.Library()


@register.simple_tag
def current_poll():
    return Poll.current()


@register.inclusion_tag("polls/includes/poll.html", takes_context=True)
def poll_box(context, poll, heading_level=2, own_page=False):
    """A poll as everyone sees it. Only right after a vote (the redirect carries a one-time
    message) does the box show that visitor's confirmation and the results. On the poll's
    own page, whose heading is the question, the box neither repeats the question on screen
    (the form's legend stays for screen readers) nor links to that page."""
    request = context.get("request")
    notes, just_voted = [], False
    if request is not None and poll is not None:
        tag = MESSAGE_TAG.format(key=poll.translation_key.hex)
        storage = get_messages(request)
        mine = [m for m in storage if tag in m.tags.split()]
        if mine:
            notes, just_voted = [str(m) for m in mine], True
            request.shows_private_poll_state = True
            # Keep other messages for the page that shows them.
            storage._queued_messages.extend(m for m in storage._loaded_messages if m not in mine)
        else:
            storage.used = False
    show_results = poll is not None and poll.results_visible(has_voted=just_voted)
    # The stylesheet and script come with the first poll of a page only.
    first_on_page = not getattr(request, "poll_assets_included", False)
    if request is not None:
        request.poll_assets_included = True
    return {
        "first_on_page": first_on_page,
        "request": request,
        "poll": poll,
        "notes": notes,
        "show_results": show_results,
        "results": poll.results() if show_results else None,
        "heading_level": heading_level,
        "own_page": own_page,
        "next": request.get_full_path() if request else "",
    }
