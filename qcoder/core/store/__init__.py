"""The project's storage: engines, schema and its migrations and checks, typed models, row copies for undo."""
