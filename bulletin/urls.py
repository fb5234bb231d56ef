"""Calendar files live in the page tree (/bg/events/calendar.ics) but Wagtail's own
pattern only serves paths ending in a slash, so these are handed to its page router."""

from django.urls import re_path
from wagtail import views

urlpatterns = [
    re_path(r"^((?:[\w\-]+/)+[\w\-]+\.ics)$", views.serve, name="bulletin_calendar_file"),
]
