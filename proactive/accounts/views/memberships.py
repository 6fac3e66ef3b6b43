"""Placeholder module: being written in this change."""


def membership_list(request, *args, **kwargs):
    raise NotImplementedError


def membership_create(request, *args, **kwargs):
    raise NotImplementedError


def membership_end(request, *args, **kwargs):
    raise NotImplementedError
