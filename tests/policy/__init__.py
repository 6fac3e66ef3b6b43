"""Access-policy fragments, one module per area, merged into the shared policy tests.

Each module here may define ``URLS`` (URL name → policy, as in tests/test_url_policy.py), ``GLOBAL_PERMS``
(permission → roles granted) and ``OBJECT_PERMS`` (object permissions, each tested in its app). Keeping an area's
entries in its own module lets work on different areas proceed without touching one shared file.
"""

import importlib
import pkgutil


def fragments():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        yield importlib.import_module(f"{__name__}.{info.name}")


def merged(attribute: str, empty):
    result = empty
    for module in fragments():
        part = getattr(module, attribute, None)
        if part is None:
            continue
        overlap = set(result) & set(part)
        assert not overlap, f"{module.__name__}.{attribute} repeats {sorted(overlap)}"
        result = result | part
    return result
