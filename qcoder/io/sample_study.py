"""The synthetic example study (SYNTHETIC — fictional) built from ``sample_project/``.

``sample_project/interviews/*.txt`` are short fictional interviews; ``sample_project/study.json``
describes the organisations (type, country, position, interviewed, governance model, their interviews) and the
codings of two coders, each anchored by a quote from the interview rather than by offsets so
that it stays reviewable. :func:`build_sample_project` turns them into a ``.qcoder`` file and
fails loudly when a quote is not found, found twice, or names a code the codebook lacks.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.cases import describe_case, link_source, set_attribute_value
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.organisations import ensure_organisation_code, set_organisation
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.organisations import ORGANISATIONS_GROUP
from qcoder.io.decoding import decode_text
from qcoder.io.speakers import detect_turns

SAMPLE_FILE_NAME = "sample-study.qcoder"
GOVERNANCE_ATTRIBUTE = "governance model"
SYNTHETIC_NOTE = "SYNTHETIC — fictional organisation invented for the qcoder sample study."


class SampleStudyError(QcoderError):
    """The sample study's files do not fit together (a quote not found, an unknown code…)."""


def sample_folder() -> Path | Traversable:
    """``sample_project/`` next to the package in a checkout, else the copy in the installed wheel."""
    checkout = Path(__file__).resolve().parents[2] / "sample_project"
    if (checkout / "study.json").is_file():
        return checkout
    try:
        return resources.files("qcoder.sample_project")
    except ModuleNotFoundError:
        raise SampleStudyError("the sample study's files are missing from this installation") from None


def default_sample_path() -> Path:
    """Where ``qcoder sample`` keeps the study: ``$QCODER_DATA_DIR`` or the per-user data folder."""
    override = os.environ.get("QCODER_DATA_DIR")
    if override:
        return Path(override) / SAMPLE_FILE_NAME
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "qcoder" / SAMPLE_FILE_NAME


def read_study(folder: Path | Traversable | None = None) -> dict[str, Any]:
    folder = folder or sample_folder()
    try:
        return json.loads((folder / "study.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise SampleStudyError(f"the sample study description cannot be read: {error}") from None


def _newest_sample_file(folder: Path | Traversable) -> float:
    if not isinstance(folder, Path):
        return 0.0
    return max(p.stat().st_mtime for p in [folder / "study.json", *(folder / "interviews").glob("*.txt")])


def ensure_sample_project(path: Path, *, force: bool = False) -> Path:
    """The sample project at ``path``, (re)built if missing, older than its files, or ``force``."""
    folder = sample_folder()
    if path.exists() and not force and path.stat().st_mtime >= _newest_sample_file(folder):
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        built = build_sample_project(Path(scratch) / path.name, folder)
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        os.replace(built, path)
    return path


def build_sample_project(out: Path, folder: Path | Traversable | None = None) -> Path:
    """Create the sample ``.qcoder`` at ``out`` (which must not exist) and return ``out``."""
    folder = folder or sample_folder()
    study = read_study(folder)
    coders = study.get("coders") or ["Alex", "Sam"]
    project = Project.create(out, coder_name=coders[0], codebook=study.get("codebook", "default"))
    try:
        with project.transaction() as session:
            _fill(session, study, folder, coders)
    except BaseException:
        project.close()
        for leftover in (out, out.with_name(out.name + "-wal"), out.with_name(out.name + "-shm")):
            leftover.unlink(missing_ok=True)
        raise
    project.close()
    return out


def _fill(session: Any, study: dict[str, Any], folder: Path | Traversable, coders: list[str]) -> None:
    coder_ids = {name: ensure_coder(session, name) for name in coders}
    add_memo(session, f"{study.get('title', 'SYNTHETIC sample study')}\n\n{study.get('notice', '')}", coder_ids[coders[0]])
    files = sorted({f for o in study["organisations"] for f in o.get("sources", [])} | {c["source"] for c in study["codings"]})
    sources: dict[str, tuple[int, str]] = {}
    for file_name in files:
        entry = folder / "interviews" / file_name
        try:
            text = decode_text(entry.read_bytes(), file_name)
        except OSError:
            raise SampleStudyError(f"the sample interview {file_name} is missing") from None
        source_id = add_source(
            session, Path(file_name).stem, text, turns=detect_turns(text), original_filename=file_name,
            imported_by_id=coder_ids[coders[0]],
        ).created_id
        assert source_id is not None
        sources[file_name] = (source_id, text)
    for organisation in study["organisations"]:
        case_id = set_organisation(
            session, organisation["name"], org_type=organisation.get("type"), country=organisation.get("country"),
            lat=organisation.get("lat"), lon=organisation.get("lon"), interviewed=organisation.get("interviewed"),
        ).created_id
        assert case_id is not None
        describe_case(session, case_id, SYNTHETIC_NOTE)
        if organisation.get("governance"):
            set_attribute_value(session, "case", case_id, GOVERNANCE_ATTRIBUTE, organisation["governance"])
        for file_name in organisation.get("sources", []):
            link_source(session, case_id, sources[file_name][0])
    code_ids: dict[str, int] = {}
    for number, coding in enumerate(study["codings"], start=1):
        if coding["source"] not in sources:
            raise SampleStudyError(f"coding {number}: no interview {coding['source']}")
        source_id, text = sources[coding["source"]]
        start, end = _locate(text, coding["quote"], coding["source"], number)
        for path in coding["codes"]:
            if path not in code_ids:
                code_ids[path] = _code_id(session, path, number)
            for coder in coding.get("coders") or [coding["coder"]]:
                if coder not in coder_ids:
                    raise SampleStudyError(f"coding {number}: unknown coder '{coder}'")
                apply_coding(
                    session, source_id, code_ids[path], start, end, coder_ids[coder],
                    memo=coding.get("memo"), exemplar=bool(coding.get("exemplar")),
                )


def _locate(text: str, quote: str, source: str, number: int) -> tuple[int, int]:
    start = text.find(quote)
    if start < 0:
        raise SampleStudyError(f"coding {number}: the quote {quote[:60]!r} is not in {source}")
    if text.find(quote, start + 1) >= 0:
        raise SampleStudyError(f"coding {number}: the quote {quote[:60]!r} occurs more than once in {source}")
    return start, start + len(quote)


def _code_id(session: Any, path: str, number: int) -> int:
    prefix = ORGANISATIONS_GROUP + "/"
    if path.startswith(prefix):
        created = ensure_organisation_code(session, path[len(prefix):]).created_id
        assert created is not None
        return created
    try:
        return resolve_code_path(session, path)
    except QcoderError:
        raise SampleStudyError(f"coding {number}: the codebook has no code '{path}'") from None
