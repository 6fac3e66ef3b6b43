"""The single reader of environment variables. Every setting that differs between machines comes from here."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A developer's optional local overrides; production sets real environment variables instead.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
