"""What a menu or key starts: each workflow asks, runs a command or a job, and reports."""
