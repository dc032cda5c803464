"""Use cases that edit: ``f(session, ...) -> Changes``; the caller owns the transaction."""
