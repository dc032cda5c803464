"""A small hand-built study for the map tests: three organisations, two interviews."""

from __future__ import annotations

from qcoder.core.lifecycle.project import Project
from qcoder.core.snapshots import TurnInfo
from qcoder.core.usecases.commands.cases import link_source
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.organisations import ensure_organisation_code, set_organisation
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import resolve_code_path

#            0         1         2         3         4         5         6
#            0123456789012345678901234567890123456789012345678901234567890123
TEXT_A = "Q: Who?\nAda: We trained with Borealis on their cluster.\nQ: Later?\nAda: Cedar fine-tuned it.\n"
TEXT_B = "Q: Partners?\nBo: Acme shared data with us.\n"


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def turns_of(text: str) -> list[TurnInfo]:
    result, position = [], 0
    for line in text.splitlines(keepends=True):
        result.append(TurnInfo(position, position + len(line), line.split(":")[0]))
        position += len(line)
    return result


def build_small_study(project: Project) -> dict[str, int]:
    """Acme (interviewed, source A) mentions Borealis and Cedar; Borealis (source B) mentions Acme."""
    ids: dict[str, int] = {}
    with project.transaction() as s:
        ann, bob = ensure_coder(s, "Ann"), ensure_coder(s, "Bob")
        ids["acme"] = set_organisation(s, "Acme", org_type="sme", country="Kenya", interviewed=True).created_id
        ids["borealis"] = set_organisation(s, "Borealis", org_type="public research", lat=60.0, lon=25.0, interviewed=True).created_id
        ids["cedar_code"] = ensure_organisation_code(s, "Cedar").created_id
        a = add_source(s, "Interview A", TEXT_A, turns=turns_of(TEXT_A)).created_id
        b = add_source(s, "Interview B", TEXT_B, turns=turns_of(TEXT_B)).created_id
        link_source(s, ids["acme"], a)
        link_source(s, ids["borealis"], b)
        org = {name: resolve_code_path(s, f"Organisations/{name}") for name in ("Acme", "Borealis", "Cedar")}
        pre = resolve_code_path(s, "Lifecycle stage/Pre-training/Compute access")
        post = resolve_code_path(s, "Lifecycle stage/Post-release")
        compute = resolve_code_path(s, "On-ramp/Compute partnerships")
        derivatives = resolve_code_path(s, "On-ramp/Derivative development")
        data = resolve_code_path(s, "On-ramp/Sharing open training datasets")

        def code(source: int, text: str, part: str, code_id: int, coder: int, exemplar: bool = False) -> int:
            return apply_coding(s, source, code_id, *span(text, part), coder, exemplar=exemplar).created_id

        ids["m_borealis"] = code(a, TEXT_A, "Borealis", org["Borealis"], ann)
        code(a, TEXT_A, "We trained with Borealis on their cluster.", pre, ann)
        code(a, TEXT_A, "trained with Borealis on their cluster", compute, ann, exemplar=True)
        ids["m_cedar"] = code(a, TEXT_A, "Cedar", org["Cedar"], ann)
        code(a, TEXT_A, "fine-tuned it.", derivatives, ann)  # same turn as Cedar, no overlap
        code(a, TEXT_A, "Cedar fine-tuned it.", post, bob)
        code(a, TEXT_A, "Borealis", org["Borealis"], bob)
        ids["m_acme"] = code(b, TEXT_B, "Acme shared data", org["Acme"], bob)
        code(b, TEXT_B, "Acme shared data with us.", data, bob)
        code(b, TEXT_B, "Acme shared data with us.", resolve_code_path(s, "Lifecycle stage/Pre-training"), bob)
        ids["a"], ids["b"] = a, b
    return ids
