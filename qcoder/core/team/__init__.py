"""Working as a team: a project on a PostgreSQL server (roles, change feed, push/pull) and merging teammates' files."""
