class DocumentError(Exception):
    """A form that cannot be produced; the message is Vietnamese, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FormNotAvailable(DocumentError):
    """No form of that kind is in force on that day."""
