import json

from django.core.management.base import BaseCommand, CommandError

from newsletter import privacy


class Command(BaseCommand):
    help = "Export (as JSON) or erase everything the newsletter holds about an email address."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")

    def handle(self, action, email, **options):
        subscriber = privacy.find(email)
        if subscriber is None:
            raise CommandError("No subscriber with this address.")
        if action == "export":
            self.stdout.write(json.dumps(privacy.export(subscriber), ensure_ascii=False, indent=2))
        else:
            privacy.erase(subscriber)
            self.stdout.write(self.style.SUCCESS("Erased."))
