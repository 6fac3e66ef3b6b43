"""Services of the pre-consulting audit. Importing the package registers every workflow step (``transitions``)."""

from proactive.consulting.services import requests, review  # noqa: F401  (each registers its steps)
