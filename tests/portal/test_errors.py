import pytest
from django.test import RequestFactory
from django.utils import translation

from portal.views import server_error


@pytest.mark.parametrize(
    ("language", "heading"), [("bg", "Нещо се обърка"), ("en", "Something went wrong")]
)
def test_server_error_page_is_localised_and_needs_no_database(
    language, heading, django_assert_num_queries
):
    request = RequestFactory().get(f"/{language}/")
    with translation.override(language):
        response = server_error(request)
    assert response.status_code == 500
    content = response.content.decode()
    assert heading in content
    assert f'<html lang="{language}">' in content
