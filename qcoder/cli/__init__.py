"""The command line over core, io and analysis (Qt only to open the window or render images)."""
