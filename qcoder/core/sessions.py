"""The session a use case takes (``f(session, ...)``), named for the window and the command line.

They pass on the sessions a project opens (``project.reading()``, ``controller.read``) to use
cases and read models, and type their own small readers with it; they never build SQL with it,
so they import this name rather than SQLAlchemy (an import-linter contract keeps them from it).
"""

from sqlalchemy.orm import Session

__all__ = ["Session"]
