"""Background work: fetch the partners' feeds (enqueue from a schedule, e.g. hourly, or
with `manage.py fetch_partner_feeds --enqueue`)."""

from django_tasks import task

from .partner_fetch import fetch_active_feeds


@task()
def fetch_partner_feeds_task():
    results = fetch_active_feeds()
    return {
        "feeds": len(results),
        "new_items": sum(result.new_items for result in results),
        "errors": sum(result.status == "error" for result in results),
    }
