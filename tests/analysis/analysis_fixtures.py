"""A hand-built study whose every count is known, for the analysis tests.

Codes: ``Stage`` (a group) with ``Pre`` (and its child ``Data``) and ``Post``; ``Ramp`` (a group)
with ``Compute`` and ``Forums``. Cases: Alpha and Gamma (Type SME), Beta (Type Nonprofit).
Sources S1 (Alpha; turns [0,40) [40,80) [80,100)), S2 (Beta), S3 (Gamma), S4 (no case);
S1 and S2 have the source attribute Language = en, S3 = de.

=====  ======  =======  ========  =====
name   source  code     span      coder
=====  ======  =======  ========  =====
c1     S1      Pre      [0, 20)   Ann
c2     S1      Compute  [10, 30)  Ann
c3     S1      Forums   [25, 35)  Bob
c4     S1      Post     [50, 60)  Ann
c5     S1      Forums   [85, 95)  Ann
c6     S1      Data     [45, 55)  Bob
c7     S2      Post     [0, 10)   Ann
c8     S2      Compute  [5, 15)   Ann
c9     S2      Compute  [50, 60)  Bob
c10    S3      Pre      [0, 10)   Bob
c11    S3      Compute  [20, 30)  Bob
c12    S4      Forums   [0, 10)   Ann
=====  ======  =======  ========  =====

Overlapping pairs: c1–c2, c2–c3, c4–c6, c7–c8.
"""

from __future__ import annotations

from qcoder.core.lifecycle.project import Project
from qcoder.core.snapshots import TurnInfo
from qcoder.core.usecases.commands.cases import add_case, link_source, set_attribute_value
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source

TEXT = ("".join(f"word{i:02} " for i in range(16)) + "end.")[:99] + "\n"
CODINGS = {
    "c1": ("S1", "Pre", 0, 20, "Ann"), "c2": ("S1", "Compute", 10, 30, "Ann"),
    "c3": ("S1", "Forums", 25, 35, "Bob"), "c4": ("S1", "Post", 50, 60, "Ann"),
    "c5": ("S1", "Forums", 85, 95, "Ann"), "c6": ("S1", "Data", 45, 55, "Bob"),
    "c7": ("S2", "Post", 0, 10, "Ann"), "c8": ("S2", "Compute", 5, 15, "Ann"),
    "c9": ("S2", "Compute", 50, 60, "Bob"), "c10": ("S3", "Pre", 0, 10, "Bob"),
    "c11": ("S3", "Compute", 20, 30, "Bob"), "c12": ("S4", "Forums", 0, 10, "Ann"),
}


def build_study(project: Project) -> dict[str, int]:
    """Fill ``project`` (which has no codebook); return ids by name (codes, sources, cases, c1…)."""
    ids: dict[str, int] = {}
    with project.transaction() as s:
        ids["Ann"], ids["Bob"] = ensure_coder(s, "Ann"), ensure_coder(s, "Bob")
        ids["Stage"] = add_code(s, "Stage", codable=False).created_id
        ids["Pre"] = add_code(s, "Pre", parent_id=ids["Stage"]).created_id
        ids["Data"] = add_code(s, "Data", parent_id=ids["Pre"]).created_id
        ids["Post"] = add_code(s, "Post", parent_id=ids["Stage"]).created_id
        ids["Ramp"] = add_code(s, "Ramp", codable=False).created_id
        ids["Compute"] = add_code(s, "Compute", parent_id=ids["Ramp"]).created_id
        ids["Forums"] = add_code(s, "Forums", parent_id=ids["Ramp"]).created_id
        for name, kind in (("Alpha", "SME"), ("Beta", "Nonprofit"), ("Gamma", "SME")):
            ids[name] = add_case(s, name).created_id
            set_attribute_value(s, "case", ids[name], "Type", kind)
        turns = (TurnInfo(0, 40, "Ann"), TurnInfo(40, 80, "Bob"), TurnInfo(80, 100, "Ann"))
        for name, case, language in (("S1", "Alpha", "en"), ("S2", "Beta", "en"), ("S3", "Gamma", "de"), ("S4", None, None)):
            ids[name] = add_source(s, name, TEXT, turns=turns if name == "S1" else ()).created_id
            if case:
                link_source(s, ids[case], ids[name])
            if language:
                set_attribute_value(s, "source", ids[name], "Language", language)
        for name, (source, code, start, end, coder) in CODINGS.items():
            ids[name] = apply_coding(s, ids[source], ids[code], start, end, ids[coder]).created_id
    return ids


def names(ids: dict[str, int], coding_ids) -> set[str]:
    """The fixture names (c1…) of a collection of coding ids."""
    by_id = {value: key for key, value in ids.items() if key.startswith("c") and key[1:].isdigit()}
    return {by_id[i] for i in coding_ids}
