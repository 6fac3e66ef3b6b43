"""Placeholder module: being written in this change."""


def org_tree(request, *args, **kwargs):
    raise NotImplementedError


def unit_detail(request, *args, **kwargs):
    raise NotImplementedError


def official_list(request, *args, **kwargs):
    raise NotImplementedError


def official_detail(request, *args, **kwargs):
    raise NotImplementedError


def org_import(request, *args, **kwargs):
    raise NotImplementedError


def org_export(request, *args, **kwargs):
    raise NotImplementedError
