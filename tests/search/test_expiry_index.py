"""Every search asks which live pages have expired since the last scheduled-publishing run;
a partial index answers that without reading the page table."""

from django.db import connection
from django.utils import timezone
from wagtail.models import Page


def test_the_expired_pages_question_uses_the_partial_index(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "wagtailcore_page")
    assert "search_page_expire_at" in constraints
    query = Page.objects.filter(live=True, expire_at__lte=timezone.now()).order_by().values("pk")
    plan = query.explain()
    if connection.vendor == "sqlite":
        assert "search_page_expire_at" in plan
