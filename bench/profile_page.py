#!/usr/bin/env python
"""CPU time of one page, in this process, and where it goes (cProfile): the service time behind the wrk figures.

    PYTHONPATH=. DJANGO_SETTINGS_MODULE=config.settings.base DJANGO_SECRET_KEY=… PROACTIVE_REPORT_KEYS=… \\
        PROACTIVE_VAR_DIR=<a folder with a demo database> .venv/bin/python bench/profile_page.py \\
        <username or -> <path> [--requests 30] [--sort cumulative|tottime] [--top 40]

Signs ``username`` in (with the second factor done) or stays anonymous (``-``), requests ``path`` a few times to
warm the caches, then ``--requests`` times under cProfile and ``--requests`` times without it, and prints the CPU
milliseconds per request of both (``time.process_time``: not disturbed much by other processes on the machine)
and the profile's top lines. With 16 clients on 2 single-threaded workers, a p95 under 100 ms needs about 12 ms of
service time per request (docs/performance.md).
"""

import argparse
import cProfile
import pstats
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("username")
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from proactive.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    if args.username != "-":
        user = User.objects.get(username=args.username)
        client.force_login(user)
        device = TOTPDevice.objects.filter(user=user).first()
        if device is not None:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    for _ in range(3):
        response = client.get(args.path)
        if response.status_code != 200:
            raise SystemExit(f"{args.path} answered {response.status_code}")

    profile = cProfile.Profile()
    started = time.process_time()
    profile.enable()
    for _ in range(args.requests):
        client.get(args.path)
    profile.disable()
    profiled = (time.process_time() - started) / args.requests * 1000
    started = time.process_time()
    for _ in range(args.requests):
        client.get(args.path)
    plain = (time.process_time() - started) / args.requests * 1000
    print(f"{args.path}: {plain:.1f} ms CPU per request ({profiled:.1f} ms under the profiler)")
    if args.top:
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
