"""Bringing another project's rows into this one: one engine for a merge and a REFI-QDA import.

- :mod:`.incoming` — the neutral values the engine takes (no ORM objects, no file formats);
- :mod:`.matching` — finding what is already here, by GUID first and then by a natural key;
- :mod:`.project_value` and :mod:`.project_ingest` — another project's coders, codes, attributes
  and cases keyed by GUID, and the one loop that matches or adds them for every flow;
- :mod:`.engine` — :class:`~.engine.Ingest`, which adds rows in bulk and records what it added;
- :mod:`.added` — what an ingest added, and taking it back (undo) or putting it back (redo);
- :mod:`.names` — the one rule that makes a name unique (``name``, ``name (2)``, …);
- :mod:`.transaction` — one ingest in one transaction of an open project.

The flows that feed it decide *what* to bring (a merge's "this project wins" conflicts, an
import's lenient repairs of another tool's file); the engine decides *how* rows go in and out.
"""
