from django.core.management.base import BaseCommand, CommandError

from bulletin.models import BulletinIssuePage
from newsletter.models import Mailing
from newsletter.sending import deliver, send_test, start_mailing
from newsletter.sending import resume as resume_mailing


class Command(BaseCommand):
    help = (
        "Email a bulletin issue to the confirmed subscribers of its language. Safe to rerun: "
        "each subscriber receives one copy."
    )

    def add_arguments(self, parser):
        parser.add_argument("issue", type=int, help="page id of the BulletinIssuePage")
        parser.add_argument(
            "--resume",
            action="store_true",
            help="continue a mailing that was started before (after a crash or a pause)",
        )
        parser.add_argument(
            "--stale-after",
            type=float,
            default=None,
            help="seconds after which a claimed but unconfirmed delivery is sent again "
            "(default: NEWSLETTER_LEASE_SECONDS; 0 when you know no other worker is sending)",
        )
        parser.add_argument("--test-to", metavar="EMAIL", help="send one test copy only")

    def handle(self, issue, resume, stale_after, test_to, **options):
        page = BulletinIssuePage.objects.filter(pk=issue).select_related("locale").first()
        if page is None:
            raise CommandError(f"No bulletin issue with id {issue}.")
        if test_to:
            send_test(page, test_to)
            self.stdout.write(f"Test copy sent to {test_to}.")
            return
        existing = Mailing.objects.filter(issue=page, language=page.locale.language_code).first()
        if existing and not resume:
            raise CommandError(
                f"Issue {issue} was already mailed (mailing {existing.pk}); "
                "use --resume to send what is left."
            )
        if resume and not existing:
            raise CommandError(f"Issue {issue} has no mailing to resume.")
        mailing = existing or start_mailing(page)
        if existing:
            resume_mailing(mailing)
        outcome = deliver(mailing.pk, stale_after=stale_after, progress=self.progress)
        self.stdout.write("")
        mailing.refresh_from_db()
        if mailing.problem:
            self.stderr.write(str(mailing.problem_message))
        self.stdout.write(
            self.style.SUCCESS(
                "Mailing {mailing}: {sent} sent, {failed} failed, {bounced} bounced, "
                "{skipped} skipped, {pending} pending.".format(mailing=mailing.pk, **outcome.counts)
            )
        )

    def progress(self, counts):
        total = sum(counts.values())
        done = total - counts["pending"] - counts["sending"]
        width = 30
        filled = width * done // total if total else width
        self.stdout.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
            f"sent {counts['sent']} failed {counts['failed']} bounced {counts['bounced']}",
            ending="",
        )
        self.stdout.flush()
