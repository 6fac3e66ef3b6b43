"""The static files storage: WhiteNoise's compressed, content-hashed files, with each file's address worked out once.

``{% static %}`` runs on every page (seven times in the shell alone), and each call looks the name up in the manifest,
joins it to ``STATIC_URL`` and quotes it. The answer cannot change while the process runs (the manifest is read once,
when the storage is made), so it is kept per name for the life of the process.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)  # a missing file raises and is not kept
            return url
