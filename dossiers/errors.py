class DossierError(Exception):
    """A dossier operation that cannot be done; the message is Vietnamese, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ActionNotAllowed(DossierError):
    """The transition table or the actor's roles do not allow this action now."""


class InvalidDossierInput(DossierError):
    """Input that fails validation (applicant ID, phone, papers, times…)."""
