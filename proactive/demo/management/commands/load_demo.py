"""``manage.py load_demo``: load the demo organisation, officials and accounts; safe to run again."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from proactive.demo.loader import AccountRow, group_counts, load_demo


def format_accounts(rows: list[AccountRow]) -> str:
    header = ("username", "role", "name", "unit", "password", "TOTP secret (base32)")
    lines = [
        (r.username, r.role, r.name, r.unit or "—", r.password or "— (e-mail code, see var/mail)", r.totp_secret or "—")
        for r in rows
    ]
    widths = [max(_width(str(row[i])) for row in [header, *lines]) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        return "  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(header), rule, *(fmt(line) for line in lines)])


def _width(text: str) -> int:
    """Display width in a terminal: Hangul syllables take two columns."""
    return sum(2 if "\uac00" <= ch <= "\ud7a3" or "\u3130" <= ch <= "\u318f" else 1 for ch in text)


class Command(BaseCommand):
    help = "Load the demo data set (Busan-like organisation, ~2,300 officials, one account per role). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts-file",
            default=None,
            help="Where to write the demo accounts table (default: <PROACTIVE_VAR_DIR>/demo-accounts.txt).",
        )

    def handle(self, *args, **options):
        result = load_demo()
        counts = group_counts()
        self.stdout.write(
            f"Organisation: {result.units_total} units ({result.units_created} new) — "
            + ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items()))
        )
        self.stdout.write(f"Officials: {result.officials_total} ({result.officials_created} new)")
        self.stdout.write(
            f"Accounts: {result.users_created} new users, {result.memberships_created} new role memberships, "
            f"{result.devices_created} new TOTP devices"
        )
        if result.notifications_available:
            self.stdout.write(f"Notifications: {result.notifications_created} new")
        else:
            self.stdout.write("Notifications: skipped (proactive.notifications.services.notify is not available)")
        self.stdout.write(f"Selection demo: {result.nominations_created} nominations new")
        self.stdout.write(f"Mileage demo: {result.mileage_claims_created} claims new")
        self.stdout.write(f"Reporting centre demo: {result.reports_created} reports new")
        self.stdout.write(f"Committee demo: {result.committee_created} objects new")
        self.stdout.write(f"Opinion requests demo: {result.opinions_created} objects new")
        self.stdout.write(f"Pre-consulting demo: {result.consultings_created} requests new")
        self.stdout.write(f"Exemption reviews demo: {result.exemptions_created} objects new")
        self.stdout.write(f"Legal support demo: {result.legal_support_created} objects new")
        if not result.created_anything:
            self.stdout.write("Nothing to do: the demo data set was already complete.")

        table = format_accounts(result.accounts)
        path = Path(options["accounts_file"] or Path(settings.VAR_DIR) / "demo-accounts.txt")
        path.parent.mkdir(parents=True, exist_ok=True)
        notes = (
            "Staff accounts need a second factor: `make totp ACCOUNT=<username>` (or `manage.py demo_totp\n"
            "<username>` with the demo's settings) prints the current code; or add the secret to an authenticator\n"
            "app (TOTP, SHA-1, 6 digits, 30 s). Citizens sign in with a one-time code e-mailed to their address;\n"
            "in the demo, mail is written to var/mail.\n"
        )
        if result.report_receipts:
            notes += (
                "\nAnonymous passive-administration reports to follow at /report/follow/ (receipts; demo only):\n"
                + "\n".join(f"  {receipt}  {what}" for receipt, what in result.report_receipts)
                + "\n"
            )
        from proactive.demo.publications import programme_lead

        lead = programme_lead()
        if lead is not None:
            notes += (
                f"\nCasebooks, card news and bulletins need a second person to approve them: the programme lead is\n"
                f"{lead.username} (department head of {lead.official.unit.name if lead.official else '—'}), with the "
                f"same password; `make totp ACCOUNT={lead.username}` prints its code.\n"
            )
        path.write_text(
            "Proactive demo accounts (demo only — never reuse these credentials)\n\n" + table + "\n\n" + notes,
            encoding="utf-8",
        )
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING("Demo accounts"))
        self.stdout.write(table)
        self.stdout.write("")
        self.stdout.write(notes.rstrip())
        self.stdout.write(f"(also written to {path})")
