from django.http import Http404
from wagtail import hooks

from . import visibility


@hooks.register("before_serve_page")
def refuse_expired_page(page, request, serve_args, serve_kwargs):
    """A page whose expiry time has passed is gone at once, not only when the scheduled
    `publish_scheduled` command unpublishes it (the visibility rule hides it everywhere)."""
    if page.expire_at is not None and not visibility.can_see_page(page) and page.live:
        raise Http404
