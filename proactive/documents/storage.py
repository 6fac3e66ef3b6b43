"""The private storage for uploaded documents, looked up on every use.

``FileField`` evaluates a storage callable once, when the model class is created. Returning the configured
backend itself would freeze whatever ``STORAGES["private"]`` was at import time, so settings changes (and each
test's temporary folder) would be ignored. ``PrivateStorage`` instead forwards every call to
``storages["private"]`` at the moment of the call.
"""

from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible


@deconstructible(path="proactive.documents.storage.PrivateStorage")
class PrivateStorage(Storage):
    @property
    def backend(self) -> Storage:
        return storages["private"]

    def open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return self.backend.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def path(self, name):
        return self.backend.path(name)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def url(self, name):
        # Documents are never served by URL from storage: only the checking download view serves them.
        raise NotImplementedError("Private documents have no public URL.")

    def get_accessed_time(self, name):
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend.get_created_time(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)


_private = PrivateStorage()


def private_storage() -> Storage:
    return _private
