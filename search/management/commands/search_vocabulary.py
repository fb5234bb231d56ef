"""Rebuild the vocabulary typo correction draws on from the live pages (publishing adds
words as it goes; this also drops the words of pages since changed or unpublished)."""

from django.core.management.base import BaseCommand
from wagtail.models import Page

from search.mixins import SearchablePageMixin
from search.vocabulary import rebuild


class Command(BaseCommand):
    help = "Rebuild the search vocabulary (for typo correction) from the live pages."

    def handle(self, *args, **options):
        pages = (
            page
            for page in Page.objects.live().public().specific().iterator(chunk_size=500)
            if isinstance(page, SearchablePageMixin)
        )
        self.stdout.write(f"{rebuild(pages)} words in the search vocabulary.")
