"""Routing remembers where a path led (portal/routing.py): a remembered path must follow
publishing, unpublishing, moving and deleting at once, and a path that found nothing is
never remembered."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal import frame_generation
from portal.models import ContentPage

pytestmark = pytest.mark.django_db


def _publish(parent, title, slug):
    page = parent.add_child(instance=ContentPage(title=title, slug=slug))
    page.save_revision().publish()
    return page


def _status(client, path):
    return client.get(path).status_code


def test_a_remembered_path_follows_every_change_at_once(client, bg_home):
    section = _publish(bg_home, "Раздел", "razdel")
    page = _publish(section, "Страница", "stranica")
    path = "/bg/razdel/stranica/"
    assert [_status(client, path), _status(client, path)] == [200, 200]

    page.unpublish()
    assert _status(client, path) == 404
    page.save_revision().publish()
    assert _status(client, path) == 200

    other = _publish(bg_home, "Друг раздел", "drug-razdel")
    page.move(other, pos="last-child")
    assert _status(client, "/bg/drug-razdel/stranica/") == 200
    assert _status(client, path) in (301, 404)  # Wagtail may leave a redirect behind

    page.delete()
    assert _status(client, "/bg/drug-razdel/stranica/") == 404


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        assert _status(client, path) == 200
    return len(captured)


def test_a_remembered_path_loads_its_page_with_fewer_queries(client, bg_home):
    section = _publish(bg_home, "Раздел", "razdel")
    _publish(section, "Страница", "stranica")
    path = "/bg/razdel/stranica/"
    walked = _queries(client, path)
    assert _queries(client, path) < walked


def test_paths_that_found_nothing_take_no_room_in_the_memo(client, bg_home, monkeypatch):
    monkeypatch.setattr(frame_generation, "MAX_REMEMBERED", 40)
    section = _publish(bg_home, "Раздел", "razdel")
    _publish(section, "Страница", "stranica")
    path = "/bg/razdel/stranica/"
    for _warm_up in range(2):
        _queries(client, path)
    remembered = _queries(client, path)
    for number in range(60):
        assert _status(client, f"/bg/razdel/nyama-{number}/") == 404
    assert _queries(client, path) == remembered
