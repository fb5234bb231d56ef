"""The portal's part of the content API at /api/v3/: Wagtail's v3 API (pages, schema,
sites, whoami) plus the site router, with HTTP rules for every router in portal.api.http."""

from django.db import DataError
from wagtail.api.v3.errors import problem_response


def refuse_unknown_fields():
    """Page writes with a field the page type does not have are a 422, not a silent drop.
    Runs after Wagtail builds the page schemas and before the pages router wraps them."""
    from wagtail.api.v3.registry import registry

    for summary in registry.list_content_types():
        registration = registry.get(summary.name)
        for schema in (registration.create_schema, registration.patch_schema):
            if schema is not None:
                schema.model_config["extra"] = "forbid"
                schema.model_rebuild(force=True)


def apply_visibility_to_pages_router():
    from wagtail.api.v3.routers import pages

    from .visible_pages import visible_pages_queryset

    pages.get_pages_queryset = visible_pages_queryset


def setup():
    """Called once from PortalConfig.ready(); apps add their routers in their own ready()."""
    from .openapi import tell_the_truth
    from .rich_text import expand_in_page_language, use_absolute_urls_for_html_format
    from .search_param import use_portal_query_handling

    expand_in_page_language()
    # Before anything imports Wagtail's pages router, which wraps the schemas as they are.
    refuse_unknown_fields()
    apply_visibility_to_pages_router()
    use_portal_query_handling()
    # Imported only now: Wagtail's pages router builds its schemas from every page model.
    from wagtail.api.v3.api import api

    from .site import router

    api.title = "NRM Portal content API"
    api.description = (
        "Content of the NRM Portal in Bulgarian and English. Reading is public; writing "
        "needs an editor's API token (Authorization: Bearer …). Errors are RFC 7807 "
        "problem documents."
    )
    api.add_router("/", router)
    # Swagger UI would otherwise send the document to validator.swagger.io (another site,
    # refused by the Content-Security-Policy anyway).
    api.docs.settings["validatorUrl"] = None
    tell_the_truth(api)
    use_absolute_urls_for_html_format()

    @api.exception_handler(OverflowError)
    @api.exception_handler(DataError)
    def out_of_range(request, exc):
        return problem_response(status=400, detail="A value is out of range")
