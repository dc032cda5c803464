"""``qcoder agreement``, ``disagreements``, ``resolve``, ``merge``, ``check`` and ``restore``."""

from __future__ import annotations

import json
import sqlite3

import pytest

from qcoder.cli.main import main
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source

TEXT = "Interviewer: Why?\nAda: We needed compute, so we joined a public cluster programme.\n"


@pytest.fixture
def two_coders(project_path):
    with Project.create(project_path, coder_name="Lead", codebook=None) as project:
        with project.transaction() as session:
            ann, bob = ensure_coder(session, "Ann"), ensure_coder(session, "Bob")
            ensure_coder(session, "Cy")
            source = add_source(session, "ada", TEXT).created_id
            compute = ensure_code_path(session, "On-ramp/Compute").created_id
            public = ensure_code_path(session, "Org/Public body").created_id
            apply_coding(session, source, compute, 18, 40, ann)
            apply_coding(session, source, compute, 22, 40, bob)
            apply_coding(session, source, public, 50, 75, ann)
    return project_path


def run(capsys, *args):
    status = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return status, out, err


def test_agreement_json_has_the_documented_shape(two_coders, capsys):
    status, out, _ = run(capsys, "agreement", two_coders, "--coders", "Ann", "Bob", "--json")
    assert status == 0
    data = json.loads(out)
    assert set(data["overall"]) == {"units", "percent", "cohen_kappa", "fleiss_kappa", "krippendorff_alpha"}
    assert list(data["per_code"]) == ["On-ramp/Compute", "Org/Public body"]
    length = len(TEXT)
    assert data["per_code"]["On-ramp/Compute"]["percent"] == pytest.approx((length - 4) / length)
    assert data["per_code"]["Org/Public body"]["units"] == length


def test_agreement_of_three_coders_has_no_cohen_and_nulls_for_undefined(two_coders, capsys):
    status, out, _ = run(capsys, "agreement", two_coders, "--coders", "Ann", "Bob", "Cy",
                         "--code", "Org/Public body", "--json")
    data = json.loads(out)
    assert status == 0 and "cohen_kappa" not in data["overall"]
    assert set(data["pairwise_cohen_kappa"]) == {"Ann | Bob", "Ann | Cy", "Bob | Cy"}
    status, out, _ = run(capsys, "agreement", two_coders, "--coders", "Ann", "Bob", "Cy")
    assert out.splitlines()[-1].startswith("Cohen's κ of each pair, all codes: Ann | Bob ")
    status, out, _ = run(capsys, "agreement", two_coders, "--coders", "Bob", "Cy",
                         "--code", "Org/Public body", "--json")
    assert json.loads(out)["overall"]["cohen_kappa"] is None


def test_agreement_table_is_readable(two_coders, capsys):
    status, out, _ = run(capsys, "agreement", two_coders, "--coders", "Ann", "Bob")
    lines = out.splitlines()
    assert status == 0 and "Cohen κ" in lines[1] and lines[-1].startswith("Overall")
    public = [line for line in lines if line.startswith("Org/Public body")][0].split()
    assert public[4] == "0.000"  # only Ann coded it: Cohen's κ is 0
    status, out, _ = run(capsys, "agreement", two_coders, "--coders", "Bob", "Cy", "--code", "Org/Public body")
    assert out.splitlines()[-1].split()[-3:] == ["—", "—", "—"]  # nobody coded it: undefined


def test_agreement_mistakes_are_one_line(two_coders, capsys):
    status, out, err = run(capsys, "agreement", two_coders, "--coders", "Ann", "--json")
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    status, _, err = run(capsys, "agreement", two_coders, "--coders", "Ann", "Zed")
    assert status == 2 and "Zed" in err


def test_disagreements_and_resolve(two_coders, capsys):
    status, out, _ = run(capsys, "disagreements", two_coders, "--coders", "Ann", "Bob", "--json")
    found = json.loads(out)
    assert status == 0 and [(d["code"], d["start"], d["end"]) for d in found] == [
        ("On-ramp/Compute", 18, 40), ("Org/Public body", 50, 75)]
    status, _, err = run(capsys, "resolve", two_coders, "--coders", "Ann", "Bob", "--source", "ada",
                         "--code", "On-ramp/Compute", "--start", 18, "--end", 40, "--accept", "Ann")
    assert status == 0, err
    status, _, _ = run(capsys, "resolve", two_coders, "--coders", "Ann", "Bob", "--source", "ada",
                       "--code", "Org/Public body", "--start", 50, "--end", 75, "--keep")
    status, out, err = run(capsys, "disagreements", two_coders, "--coders", "Ann", "Bob")
    assert out == "" and "0 passages" in err
    status, out, _ = run(capsys, "disagreements", two_coders, "--coders", "Ann", "Bob", "--all")
    assert "resolved: both kept" in out
    status, out, _ = run(capsys, "resolutions", two_coders, "--json")
    assert [(r["action"], r["accepted"], r["code"]) for r in json.loads(out)] == [
        ("accept", "Ann", "On-ramp/Compute"), ("keep", None, "Org/Public body")]
    status, out, _ = run(capsys, "resolutions", two_coders)
    assert "accepted Ann's version (Ann, Bob; by tester)" in out


def test_merge_preview_then_merge_then_nothing_new(two_coders, tmp_path, capsys):
    other = tmp_path / "bob.qcoder"
    copy_database(two_coders, other)
    with Project.open(other, coder_name="Bob") as project:
        bob = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, 1, 1, 0, 10, bob)
    status, out, _ = run(capsys, "merge", two_coders, other, "--dry-run")
    assert status == 0 and out.startswith("would merge: 1 coding added, 0 conflicts")
    merged = tmp_path / "merged.qcoder"
    status, out, _ = run(capsys, "merge", two_coders, other, "--out", merged, "--json")
    data = json.loads(out)
    assert data["added"]["codings"] == 1 and data["written"] == str(merged) and data["backup"] is None
    status, out, _ = run(capsys, "merge", merged, other, "--json")
    data = json.loads(out)
    assert data["summary"] == "nothing new, 0 conflicts" and data["backup"]
    status, _, err = run(capsys, "merge", merged, other, "--out", two_coders)
    assert status == 2 and "already exists" in err


def test_check_finds_spans_outside_the_text(two_coders, capsys):
    status, _, err = run(capsys, "check", two_coders)
    assert status == 0 and "no problems" in err
    connection = sqlite3.connect(two_coders)
    connection.execute("UPDATE codings SET \"end\" = 5000 WHERE id = 1")
    connection.execute("PRAGMA foreign_keys=OFF")
    connection.execute("INSERT INTO codings (guid, source_id, code_id, start, \"end\", coder_id, exemplar, created_at) "
                       "VALUES ('g-orphan', 99, 1, 0, 3, 1, 0, '2026-01-01')")
    connection.commit()
    connection.close()
    status, out, _ = run(capsys, "check", two_coders, "--json")
    data = json.loads(out)
    assert status == 1 and not data["ok"]
    kinds = {p["kind"] for p in data["problems"]}
    assert {"span", "orphan", "foreign key"} <= kinds


def test_restore_lists_and_brings_back_the_backed_up_state(two_coders, tmp_path, capsys):
    status, out, err = run(capsys, "restore", two_coders)
    assert status == 0 and "no backups" in err
    other = tmp_path / "other.qcoder"
    copy_database(two_coders, other)
    with Project.open(other, coder_name="Bob") as project:
        bob = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, 1, 1, 0, 10, bob)
    run(capsys, "merge", two_coders, other)  # in place: backs up first
    status, out, _ = run(capsys, "restore", two_coders, "--json")
    [entry] = json.loads(out)
    assert "before-merge" in entry["file"]
    status, _, err = run(capsys, "restore", two_coders, "1")
    assert status == 0 and "restored" in err
    with Project.open(two_coders, read_only=True) as project, project.reading() as session:
        assert session.execute(sqlite_count("codings")).scalar() == 3
    status, out, _ = run(capsys, "restore", two_coders, "--json")
    assert len(json.loads(out)) == 2  # the state replaced is backed up too
    status, _, err = run(capsys, "restore", two_coders, "nope")
    assert status == 2 and "no backup" in err


def sqlite_count(table):
    from sqlalchemy import text

    return text(f"SELECT count(*) FROM {table}")


def test_importing_into_a_project_with_sources_backs_it_up_first(tmp_path, capsys):
    from qcoder.core.lifecycle.backup import list_backups

    project = tmp_path / "p.qcoder"
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text("Interviewer: Hello?\nAda: Hi.\n", encoding="utf-8")
    second.write_text("Interviewer: And you?\nBo: Fine.\n", encoding="utf-8")
    assert run(capsys, "new", project, "--codebook", "none")[0] == 0
    assert run(capsys, "import", project, first)[0] == 0
    assert list_backups(project) == []  # nothing to lose yet
    assert run(capsys, "import", project, second)[0] == 0
    [backup] = list_backups(project)
    assert "before-import" in backup.name
    connection = sqlite3.connect(backup)
    assert connection.execute("SELECT count(*) FROM sources").fetchone()[0] == 1
    connection.close()


def test_a_deleted_project_is_recreated_from_its_backup(two_coders, tmp_path, capsys):
    other = tmp_path / "other.qcoder"
    copy_database(two_coders, other)
    run(capsys, "merge", two_coders, other)  # makes a backup
    two_coders.unlink()
    status, _, err = run(capsys, "restore", two_coders, "1")
    assert status == 0 and "recreated" in err
    assert run(capsys, "check", two_coders)[0] == 0
    status, out, _ = run(capsys, "agreement", two_coders, "--coders", "Ann", "Bob", "--json")
    assert json.loads(out)["per_code"]["On-ramp/Compute"]["units"] == len(TEXT)
