"""Static files storage: hashed names and compression (WhiteNoise), tolerant of KRDS's broken references.

krds-uiux 1.1.0's CSS points its sample logo at ``../../img/img/component/icon/ico_logo_krds.svg``, a path
that does not exist in the package. Django's manifest storage would refuse to collect static files because of
it; we leave such references untouched instead (our CSS replaces the sample logo anyway).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class ProactiveStaticFilesStorage(CompressedManifestStaticFilesStorage):
    manifest_strict = False

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            if content is None and "/img/img/" in name:
                return name
            raise
