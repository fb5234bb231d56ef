from django.core.management.base import BaseCommand

from bulletin.partner_fetch import fetch_active_feeds
from bulletin.tasks import fetch_partner_feeds_task


class Command(BaseCommand):
    help = "Fetch the active partner feeds and store their new items."

    def add_arguments(self, parser):
        parser.add_argument(
            "--timeout", type=float, help="seconds per feed (default: PARTNER_FEED_TIMEOUT)"
        )
        parser.add_argument(
            "--max-bytes", type=int, help="size limit per feed (default: PARTNER_FEED_MAX_BYTES)"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="queue a background task instead of fetching"
        )

    def handle(self, *args, timeout, max_bytes, enqueue, **options):
        if enqueue:
            result = fetch_partner_feeds_task.enqueue()
            self.stdout.write(f"Queued the partner feed task {result.id}.")
            return
        results = fetch_active_feeds(progress=self._progress, timeout=timeout, max_bytes=max_bytes)
        errors = sum(result.status == "error" for result in results)
        new_items = sum(result.new_items for result in results)
        summary = f"{len(results)} feeds, {new_items} new items, {errors} failed."
        self.stdout.write(self.style.WARNING(summary) if errors else self.style.SUCCESS(summary))

    def _progress(self, result):
        feed = result.feed
        if result.status == "error":
            self.stdout.write(self.style.ERROR(f"  {feed}: {result.error}"))
        elif result.status == "not-modified":
            self.stdout.write(f"  {feed}: not modified")
        else:
            self.stdout.write(f"  {feed}: {result.new_items} new items")
