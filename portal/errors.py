class PortalError(Exception):
    """A citizen-facing operation that cannot be done; the message is for the citizen."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
