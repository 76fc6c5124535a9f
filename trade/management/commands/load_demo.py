import time

from django.core.management.base import BaseCommand, CommandError

from catalog.demo.loader import DemoResult
from catalog.demo.scale import demo_scale
from trade.demo import demo_load


class Command(BaseCommand):
    help = (
        "Load the North Central OCOP demo: provinces, product groups, cooperatives, products with "
        "their OCOP awards, the archived 2022 fair, and the 2026 fair (on today) whose exhibitors "
        "applied through its call for exhibitors and got their booths by auto-assign; and the "
        "demo logins. Sends no e-mail. Safe to run again: a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            metavar="N",
            help=(
                "For benchmarks only: after loading, add numbered copies so there are N times the "
                "demo's products (and N/10 times its cooperatives); --scale 100 gives 23,000 "
                "products and 2,000 cooperatives. Never on a real fair's database."
            ),
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        if options["scale"] < 1:
            raise CommandError("--scale must be 1 or more.")
        result = demo_load()
        self._print_totals(result, time.monotonic() - started)
        self._print_logins(result)
        if options["scale"] > 1:
            started = time.monotonic()
            scaled = demo_scale(factor=options["scale"])
            added = ", ".join(f"{count} {label}" for label, count in scaled.created.items())
            self.stdout.write(
                self.style.SUCCESS(
                    f"Scaled ×{options['scale']} in {time.monotonic() - started:.1f} s: "
                    f"{scaled.products} products, {scaled.cooperatives} cooperatives "
                    f"(added: {added or 'nothing'})."
                )
            )

    def _print_totals(self, result: DemoResult, seconds: float) -> None:
        created = sum(n for (_, status), n in result.changes.items() if status == "created")
        updated = sum(n for (_, status), n in result.changes.items() if status == "updated")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {seconds:.1f} s: {created} rows created, {updated} updated."
            )
        )
        for label, count in result.totals.items():
            self.stdout.write(f"  {label:<24} {count:>5}")

    def _print_logins(self, result: DemoResult) -> None:
        self.stdout.write("")
        self.stdout.write("Demo logins (a password is set only when the account is created):")
        self.stdout.write(f"  {'username':<16} {'password':<16} purpose")
        for account in result.accounts:
            self.stdout.write(f"  {account.username:<16} {result.password:<16} {account.purpose}")
