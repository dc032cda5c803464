"""Playing a transcript's recording while coding. :mod:`player_bar` imports Qt Multimedia and is
imported only when a source with a recording is opened, so that start-up does not pay for it."""
