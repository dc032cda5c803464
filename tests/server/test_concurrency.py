"""Two coders' processes code the same server project at once: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Code, Coder, Coding
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.sources import add_source

ROOT = Path(__file__).resolve().parents[2]
PER_CODER = 2_000
SHARED = "Shared idea"


def _seed(pg_url: str) -> tuple[list[int], list[int]]:
    text = "".join(f"Turn {i}: we shared compute and data with the lab.\n" for i in range(60))
    with Project.create(pg_url, coder_name="Lead", codebook=None) as project:
        with project.transaction() as session:
            sources = [add_source(session, f"interview {n}", text).created_id for n in range(4)]
            codes = [add_code(session, name).created_id for name in ("Compute", "Data", "Trust")]
    return sources, codes  # type: ignore[return-value]


def test_two_processes_coding_thousands_at_once_lose_and_double_nothing(pg_url):
    sources, codes = _seed(pg_url)
    start_at = time.time() + 3.0  # both have opened the project by then
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.server.coding_worker", pg_url, "--coder", coder,
             "--count", str(PER_CODER), "--sources", ",".join(map(str, sources)),
             "--codes", ",".join(map(str, codes)), "--start-at", str(start_at), "--shared-code", SHARED],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for coder in ("Ann", "Bea")
    ]
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        assert "Traceback" not in err
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert [r["applied"] for r in results] == [PER_CODER, PER_CODER]

    # The same new code name at the same moment: one made it, the other was told, cleanly.
    made = [r for r in results if r["shared"] is not None]
    refused = [r for r in results if r["refused"] is not None]
    assert len(made) == 1 and len(refused) == 1
    assert refused[0]["refused"] == f"there already is a code '{SHARED}' there"

    with Project.open(pg_url, coder_name="Lead", read_only=True) as project, project.reading() as session:
        per_coder = dict(session.execute(
            select(Coder.name, func.count(Coding.id)).join(Coding, Coding.coder_id == Coder.id).group_by(Coder.name)
        ).all())
        keys = session.execute(
            select(Coding.source_id, Coding.code_id, Coding.coder_id, Coding.start, Coding.end)
        ).all()
        guids = session.scalar(select(func.count(func.distinct(Coding.guid))))
        shared_codes = session.scalar(select(func.count()).select_from(Code).where(Code.name == SHARED))
    assert per_coder == {"Ann": PER_CODER, "Bea": PER_CODER}
    assert len(keys) == len(set(keys)) == 2 * PER_CODER, "no coding lost, none doubled"
    assert guids == 2 * PER_CODER
    assert shared_codes == 1
    for result in results:
        print(f"{result['coder']}: {PER_CODER / result['seconds']:.0f} codings/s while the other coded too")


def test_a_deadlock_between_two_coders_is_retried_and_both_actions_land(pg_url):
    """Two actions lock two codes in opposite orders: the server ends one, which is tried again."""
    import threading

    from qcoder.core.usecases.commands.codes import describe_code

    with Project.create(pg_url, coder_name="Lead", codebook=None) as lead, lead.transaction() as session:
        first = add_code(session, "First").created_id
        second = add_code(session, "Second").created_id
    barrier = threading.Barrier(2, timeout=10)
    attempts: list[str] = []
    failures: list[BaseException] = []

    def action(project: Project, order: tuple[int, int], text: str):
        def use_case(session):
            attempts.append(project.coder_name)
            describe_code(session, order[0], text)
            session.flush()
            if len(attempts) <= 2:  # only the first attempts meet: a retry runs alone
                barrier.wait()
            describe_code(session, order[1], text)
            session.flush()
        return use_case

    def run(name: str, order: tuple[int, int]) -> None:
        try:
            with Project.open(pg_url, coder_name=name) as project:
                project.write(action(project, order, f"by {name}"))
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=run, args=("Ann", (first, second))),
               threading.Thread(target=run, args=("Bea", (second, first)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not failures
    assert len(attempts) == 3, "one of the two deadlocked actions was tried again"
    with Project.open(pg_url, coder_name="Lead", read_only=True) as project, project.reading() as session:
        descriptions = set(session.execute(select(Code.description).where(Code.id.in_([first, second]))).scalars())
    assert len(descriptions) == 1 and descriptions <= {"by Ann", "by Bea"}, "each action landed whole"


def test_a_collision_that_keeps_happening_is_one_clear_message(pg_url, monkeypatch):
    from psycopg.errors import DeadlockDetected
    from sqlalchemy.exc import OperationalError

    from qcoder.core.errors import ConcurrentWriteError
    from qcoder.core.lifecycle import project as project_module

    monkeypatch.setattr(project_module.time, "sleep", lambda _seconds: None)
    calls: list[int] = []

    def always_deadlocks(session):
        calls.append(1)
        raise OperationalError("UPDATE codes …", {}, DeadlockDetected("deadlock detected"))

    with Project.create(pg_url, coder_name="Ann", codebook=None) as project:
        try:
            project.write(always_deadlocks)
        except ConcurrentWriteError as error:
            message = str(error)
        else:
            raise AssertionError("the collision was not reported")
    assert len(calls) == project_module.WRITE_ATTEMPTS
    assert message.endswith("collided with another coder's (deadlock) and was not saved; try again")
