"""Use cases: plain functions ``f(session, ids..., values...) -> Changes`` (reads return snapshots).

They never create, commit or close a session; the caller owns the transaction.
"""
