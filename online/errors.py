class OnlineError(Exception):
    """An online-service operation that cannot be done; the message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(OnlineError):
    """The transition table or the actor does not allow this action now."""


class InvalidInput(OnlineError):
    """Input that fails validation (codes, files, applicant fields, missing papers…)."""
