"""The one error a REFI-QDA import or export raises: a clear sentence for the user."""

from qcoder.core.errors import QcoderError


class RefiQdaError(QcoderError):
    """A file that cannot be read safely or at all, or an export that would not be valid."""
