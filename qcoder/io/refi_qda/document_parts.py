"""A serialised ``project.qde`` cut into documents that are checked against the schema at the
same time, on as many threads: together exactly as strict as checking the whole.

Each part is the whole document with only a share of its sources: everything before the first
``<Sources>`` start tag, the sources between two cuts, and everything from the last
``</Sources>`` end tag on. A cut lies right after a ``</TextSource>`` end tag, so every byte of
the document is checked (most in one part, the rest in each), and each part keeps at least one
source.

Why the parts are valid exactly when the whole is: the Project schema has no identity
constraints (no keys, unique or ID/IDREF) and no wildcards, ``Sources`` is declared only as the
one optional child of ``Project``, and its content is a choice of source elements repeated without
bound. So in a part that is well-formed and valid, the first ``<Sources>`` opens the Project's
only ``Sources`` and the last ``</Sources>`` closes it: the sources between the cuts are a
balanced run of its children, each valid on its own, and the runs of all parts put together make
the whole's ``Sources`` — well-formed and valid too. And when the whole is valid, each cut falls
between two of its ``Sources`` children (``TextSource`` is declared nowhere else), so each part
is the whole with some of those children left out: valid as well.
"""

from __future__ import annotations

from itertools import pairwise

_OPEN = b"<Sources>"
_CLOSE = b"</Sources>"
_CUT_AFTER = b"</TextSource>"


def document_parts(xml: bytes, parts: int) -> list[bytes]:
    """``xml`` as up to ``parts`` documents that are valid, all of them, exactly when ``xml`` is
    (just ``[xml]`` when it has no sources to share out)."""
    first, last = xml.find(_OPEN), xml.rfind(_CLOSE)
    if parts < 2 or first < 0 or last < first:
        return [xml]
    head, tail = xml[:first + len(_OPEN)], xml[last:]
    cuts = [first + len(_OPEN)]
    for number in range(1, parts):
        found = xml.find(_CUT_AFTER, cuts[0] + (last - cuts[0]) * number // parts, last)
        if found < 0:
            break
        cut = found + len(_CUT_AFTER)
        if cut > cuts[-1] and xml.startswith(b"<", cut) and cut < last:
            cuts.append(cut)
    if len(cuts) == 1:
        return [xml]
    cuts.append(last)
    return [head + xml[start:end] + tail for start, end in pairwise(cuts)]
