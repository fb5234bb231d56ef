"""The pages the content API shows a caller."""


def visible_pages_queryset(request, model=None):
    """Wagtail's pages for the caller, with the portal's visibility rule on the public tier
    (Wagtail's own leaves pages whose expiry time has passed until `publish_scheduled` runs).
    The editors' tier (a token) keeps Wagtail's: the pages its owner may edit."""
    from wagtail.api.v3.querysets import get_pages_queryset
    from wagtail.models import Page

    from portal import visibility
    from portal.frame_generation import site_for

    if request.user.is_authenticated:
        return get_pages_queryset(request, model or Page)
    site_for(request)  # the site from this process's memo, not a query per request
    queryset = get_pages_queryset(request, model or Page)
    return visibility.for_request(request).search_pages(queryset)
