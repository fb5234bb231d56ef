"""Actions on pages, offered where editors look for them: in the page listing's "More" menu
and among the page header's actions."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.ui.menus import MenuItem


def offer_in_listing_and_header(items):
    """Registers `items(page, user)`, which yields the MenuItems for a page, in both places."""

    @hooks.register("register_page_listing_more_buttons")
    def listing_items(page, user, next_url=None):
        yield from items(page, user)

    @hooks.register("register_page_header_buttons")
    def header_items(page, user, view_name, next_url=None):
        yield from items(page, user)

    return items


def register_page_action(label, url_name, *, icon_name, priority, page_types, allowed):
    """Offers `label`, leading to `url_name` with the page's id, on pages of `page_types`
    whose permissions for the editor pass `allowed(permissions)`."""

    @offer_in_listing_and_header
    def items(page, user):
        specific_class = page.specific_class
        if (
            specific_class
            and issubclass(specific_class, page_types)
            and allowed(page.permissions_for_user(user))
        ):
            yield MenuItem(
                label, reverse(url_name, args=[page.pk]), icon_name=icon_name, priority=priority
            )
