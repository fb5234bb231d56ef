"""Background tasks of the portal itself."""

from io import StringIO

from django.core.management import call_command
from django_tasks import task


@task()
def publish_scheduled_pages():
    """Wagtail's scheduled publishing: pages whose "go live" time has come are published,
    pages past their expiry are unpublished (with their cache purges and index updates)."""
    output = StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue()[-2000:]
