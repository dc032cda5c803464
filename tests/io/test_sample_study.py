from __future__ import annotations

import json
import shutil

import pytest

from qcoder.analysis.collaboration_map import build_collaboration_map
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.organisations import list_organisations
from qcoder.io.sample_study import SampleStudyError, build_sample_project, read_study, sample_folder


def test_sample_builds_with_both_coders_and_all_organisations(tmp_path):
    path = build_sample_project(tmp_path / "s.qcoder")
    study = read_study()
    with Project.open(path, read_only=True) as project, project.reading() as session:
        organisations = {o.name: o for o in list_organisations(session)}
        segments = list_segments(session)
        network = build_collaboration_map(session)
    assert set(organisations) == {o["name"] for o in study["organisations"]}
    assert {o.org_type for o in organisations.values()} >= {
        "non-profit/grassroots", "public research institute or public body", "small or medium enterprise", "large enterprise"}
    assert organisations["Vireo Foundation"].category == "mentioned only"
    assert organisations["Vireo Foundation"].lat is not None  # placed from its country alone
    assert {s.coder for s in segments} == {"Alex", "Sam"}
    assert any(s.exemplar for s in segments)
    stages = {s.code.split("/")[1] for s in segments if s.code.startswith("Lifecycle stage/")}
    assert stages == {"Pre-training", "Post-training", "Public release of model weights", "Post-release"}
    interviewed = {o.name for o in organisations.values() if o.interviewed}
    assert len(interviewed) == 12
    assert all(network.node(name).mentions_made > 0 for name in interviewed)
    mutual = {(e.source, e.target) for e in network.edges if network.edge(e.target, e.source)}
    assert len(mutual) >= 10


def test_disagreement_between_coders_is_real(tmp_path):
    path = build_sample_project(tmp_path / "s.qcoder")
    with Project.open(path, read_only=True) as project, project.reading() as session:
        by_coder = {}
        for s in list_segments(session):
            by_coder.setdefault(s.coder, set()).add((s.source, s.start, s.end, s.code))
    assert by_coder["Alex"] - by_coder["Sam"] and by_coder["Sam"] - by_coder["Alex"]
    assert len(by_coder["Alex"] & by_coder["Sam"]) > len(by_coder["Alex"] ^ by_coder["Sam"])


def _copy(tmp_path):
    folder = tmp_path / "sample_project"
    shutil.copytree(sample_folder(), folder)
    return folder


def test_a_missing_quote_fails_loudly_and_leaves_no_file(tmp_path):
    folder = _copy(tmp_path)
    study = json.loads((folder / "study.json").read_text(encoding="utf-8"))
    study["codings"][3]["quote"] = "words nobody said"
    (folder / "study.json").write_text(json.dumps(study), encoding="utf-8")
    out = tmp_path / "broken.qcoder"
    with pytest.raises(SampleStudyError, match="coding 4: the quote 'words nobody said' is not in"):
        build_sample_project(out, folder)
    assert not out.exists()


def test_an_ambiguous_quote_or_unknown_code_fails(tmp_path):
    folder = _copy(tmp_path)
    study = json.loads((folder / "study.json").read_text(encoding="utf-8"))
    study["codings"][0]["quote"] = "Interviewer:"
    (folder / "study.json").write_text(json.dumps(study), encoding="utf-8")
    with pytest.raises(SampleStudyError, match="more than once"):
        build_sample_project(tmp_path / "a.qcoder", folder)
    study["codings"][0]["quote"] = "Lumen Commons and your role"
    study["codings"][0]["codes"] = ["On-ramp/Teleportation"]
    (folder / "study.json").write_text(json.dumps(study), encoding="utf-8")
    with pytest.raises(SampleStudyError, match="no code 'On-ramp/Teleportation'"):
        build_sample_project(tmp_path / "b.qcoder", folder)


def test_every_transcript_is_labelled_synthetic_and_sized_like_a_short_interview():
    for transcript in sorted((sample_folder() / "interviews").iterdir()):
        text = transcript.read_text(encoding="utf-8")
        assert text.startswith("SYNTHETIC — fictional")
        assert 2000 < len(text) < 4500
        assert "\nInterviewer: " in text
