"""The pages the content API shows a caller."""


def visible_pages_queryset(request, model=None):
    """Wagtail's pages for the caller, with the portal's visibility rule on the public tier
    (Wagtail's own leaves pages whose expiry time has passed until `publish_scheduled` runs).
    The editors' tier (a token) keeps Wagtail's: the pages its owner may edit."""
    from wagtail.api.v3.querysets import get_pages_queryset
    from wagtail.models import Page

    from portal import visibility

    queryset = get_pages_queryset(request, model or Page)
    if request.user.is_authenticated:
        return queryset
    return visibility.for_request(request).search_pages(queryset)
