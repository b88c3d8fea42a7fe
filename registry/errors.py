class RegistryError(Exception):
    """A register operation that cannot be done; the message is Vietnamese, for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ActionNotAllowed(RegistryError):
    """The actor holds no working role at the unit, or the letter's state forbids it."""


class InvalidRegistryInput(RegistryError):
    """Input that fails validation (sender, summary, dates, symbols, files…)."""
