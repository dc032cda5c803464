"""The collaboration map window and the painters that draw its views (also used by ``qcoder map``)."""
