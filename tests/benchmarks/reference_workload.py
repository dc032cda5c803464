"""The reference workload of the performance goals, generated from a seed.

200 transcripts of 50,000 characters with ``Interviewer:``/``Participant:`` turns, 30 thematic
codes in three groups (stages, on-ramps, challenges), 20 organisation cases (each with its
mention code under ``Organisations``), and up to 100,000 codings by two coders — about one in
six a mention of an organisation.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert

from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Coding
from qcoder.core.usecases.commands.cases import link_source
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.organisations import ensure_organisation_code, set_organisation
from qcoder.core.usecases.queries.cases import find_case
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.io.importer import import_files
from tests.benchmarks.workload import overlapping_spans, transcript

TRANSCRIPTS = 200
CHARACTERS = 50_000
CODINGS = 100_000
ORGANISATIONS = 20
GROUPS = {"Lifecycle stage": ("Pre-training", "Post-training", "Public release of model weights", "Post-release"),
          "On-ramp": tuple(f"On-ramp {n}" for n in range(1, 17)),
          "Challenge": tuple(f"Challenge {n}" for n in range(1, 11))}
TYPES = ("non-profit/grassroots", "public research institute or public body",
         "small or medium enterprise", "large enterprise")


@dataclass(frozen=True)
class Workload:
    folder: Path
    files: list[Path]
    texts: list[str]


def write_transcripts(folder: Path) -> Workload:
    folder.mkdir(parents=True, exist_ok=True)
    files, texts = [], []
    for number in range(TRANSCRIPTS):
        text = transcript(CHARACTERS, seed=number)
        path = folder / f"interview-{number:03}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(path)
        texts.append(text)
    return Workload(folder, files, texts)


def build_coded_project(path: Path, workload: Workload, codings: int = CODINGS) -> Project:
    """Import the transcripts, add codes, organisations and ``codings`` codings (bulk, untimed)."""
    project = Project.create(path, coder_name="Alex", codebook=None)
    import_files(project, workload.files)
    rng = random.Random(11)
    with project.transaction() as session:
        coders = [ensure_coder(session, "Alex"), ensure_coder(session, "Sam")]
        themes = []
        for group, names in GROUPS.items():
            group_id = add_code(session, group, codable=False).created_id
            themes += [add_code(session, name, parent_id=group_id).created_id for name in names]
        sources = [source.id for source in list_sources(session)]
        organisations = []
        for number in range(ORGANISATIONS):
            name = f"Organisation {number:02}"
            organisations.append(ensure_organisation_code(session, name).created_id)
            set_organisation(session, name, org_type=TYPES[number % 4], lat=-40 + 4 * number,
                             lon=-150 + 15 * number, interviewed=number < 12)
        for index, source in enumerate(sources):  # each interview belongs to one of the first 12
            link_source(session, find_case(session, f"Organisation {index % 12:02}"), source)
        per_source = codings // len(sources)
        rows = []
        for index, source in enumerate(sources):
            for start, end in overlapping_spans(CHARACTERS, per_source, seed=1000 + index):
                code = rng.choice(organisations) if rng.random() < 0.17 else rng.choice(themes)
                rows.append({"source_id": source, "code_id": code, "start": start, "end": end,
                             "coder_id": rng.choice(coders), "exemplar": rng.random() < 0.01})
        if rows:
            session.execute(insert(Coding), rows)
    return project
