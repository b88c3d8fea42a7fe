class OversightError(Exception):
    """A write the rules refuse; the message is shown to the user."""
