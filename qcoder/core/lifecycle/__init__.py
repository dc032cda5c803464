"""A project file's life: opening, the lock, keeping the WAL safe, backups, restore, where outputs may go."""
