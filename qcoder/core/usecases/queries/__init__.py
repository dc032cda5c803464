"""Use cases that read: ``f(session, ...) -> snapshot``; they never write."""
