"""Placeholder module: being written in this change."""


def login_view(request, *args, **kwargs):
    raise NotImplementedError


def logout_view(request, *args, **kwargs):
    raise NotImplementedError


def otp_verify(request, *args, **kwargs):
    raise NotImplementedError


def otp_setup(request, *args, **kwargs):
    raise NotImplementedError


def password_change(request, *args, **kwargs):
    raise NotImplementedError


def password_reset(request, *args, **kwargs):
    raise NotImplementedError


def password_reset_sent(request, *args, **kwargs):
    raise NotImplementedError


def password_reset_confirm(request, *args, **kwargs):
    raise NotImplementedError


def password_reset_complete(request, *args, **kwargs):
    raise NotImplementedError


def citizen_start(request, *args, **kwargs):
    raise NotImplementedError


def citizen_verify(request, *args, **kwargs):
    raise NotImplementedError


def profile(request, *args, **kwargs):
    raise NotImplementedError
