from portal.public_urls import page_absolute_url


def route_url(page, name, *args):
    """The absolute URL of a routable page's sub-route. Routes for files (calendar.ics)
    are declared with Wagtail's trailing slash, which their public URL does not carry."""
    base = page_absolute_url(page)
    if base is None:
        return None
    path = page.reverse_subpage(name, args=args)
    return base + (path.rstrip("/") if path.rstrip("/").endswith(".ics") else path)
