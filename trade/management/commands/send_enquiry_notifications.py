"""Retry the enquiry e-mails that could not be sent (run it from cron, e.g. every 5 minutes)."""

from django.core.management.base import BaseCommand

from trade.enquiries import MAX_ATTEMPTS, notifications_retry


class Command(BaseCommand):
    help = "Send every enquiry notification e-mail that has not been sent yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=MAX_ATTEMPTS,
            help=f"Give up on a notification after this many failures (default {MAX_ATTEMPTS}).",
        )

    def handle(self, *args, max_attempts, **options):
        sent, failed = notifications_retry(max_attempts=max_attempts)
        self.stdout.write(f"sent {sent}, failed {failed}")
        if failed:
            # A non-zero exit lets cron or monitoring notice that mail is still failing.
            raise SystemExit(1)
