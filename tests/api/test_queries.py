"""List endpoints cost the same number of queries whatever the number of results."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import ContentPage

from .conftest import API


def add_pages(parent, count, start=0):
    for number in range(start, start + count):
        parent.add_child(
            instance=ContentPage(title=f"Страница {number}", slug=f"s-{number}", show_in_menus=True)
        )


def queries_for(client, url):
    client.get(url)  # warm the site and locale caches, as a running server has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_list_and_navigation_queries_do_not_grow_with_results(client, bg_home):
    urls = [
        f"{API}/pages/?child_of={bg_home.pk}&limit=50",
        f"{API}/pages/?type=portal.ContentPage&locale=bg&order=-first_published_at&limit=50",
        f"{API}/documents/?limit=50",
        f"{API}/site/?locale=bg",
    ]
    add_pages(bg_home, 3)
    few = [queries_for(client, url) for url in urls]
    add_pages(bg_home, 30, start=3)
    many = [queries_for(client, url) for url in urls]
    assert many == few
