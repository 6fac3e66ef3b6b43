"""``manage.py demo_totp <username>``: print the current TOTP code of a demo staff account."""

import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current 6-digit TOTP code of a (demo) account's confirmed device."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).order_by("pk").first()
        if device is None:
            raise CommandError(f"{username!r} has no confirmed TOTP device (only staff accounts have one).")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
        remaining = device.step - int(time.time() - device.t0) % device.step
        self.stdout.write(f"{code:0{device.digits}d}")
        self.stderr.write(f"valid for about {remaining} more seconds; each code is accepted once")
