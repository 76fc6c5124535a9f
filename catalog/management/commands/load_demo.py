import time

from django.core.management.base import BaseCommand

from catalog.demo.loader import DemoResult, load_demo


class Command(BaseCommand):
    help = (
        "Load the 2022 North Central OCOP demo fair: provinces, product groups, cooperatives, "
        "products with their OCOP awards, generated product cards, booths and demo logins. "
        "Safe to run again: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-images",
            action="store_true",
            help="Skip generating product cards (faster; products without an image stay so).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_demo(images=not options["no_images"])
        self._print_totals(result, time.monotonic() - started)
        self._print_logins(result)

    def _print_totals(self, result: DemoResult, seconds: float) -> None:
        created = sum(n for (_, status), n in result.changes.items() if status == "created")
        updated = sum(n for (_, status), n in result.changes.items() if status == "updated")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {seconds:.1f} s: {created} rows created, {updated} updated."
            )
        )
        for label, count in result.totals.items():
            self.stdout.write(f"  {label:<18} {count:>5}")

    def _print_logins(self, result: DemoResult) -> None:
        self.stdout.write("")
        self.stdout.write("Demo logins (a password is set only when the account is created):")
        self.stdout.write(f"  {'username':<16} {'password':<16} purpose")
        for account in result.accounts:
            self.stdout.write(f"  {account.username:<16} {result.password:<16} {account.purpose}")
