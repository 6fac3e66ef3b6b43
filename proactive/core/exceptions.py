"""Domain exceptions raised by services. Views turn them into messages; services never raise Http404."""


class DomainError(Exception):
    """A business rule refused the operation. ``message`` is translatable and safe to show the user."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class PermissionDeniedError(DomainError):
    def __init__(self, message: str = "", *, code: str = "permission_denied") -> None:
        super().__init__(message, code=code)


class InvalidTransitionError(DomainError):
    pass
