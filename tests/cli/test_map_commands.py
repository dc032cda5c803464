from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET

import pytest

from qcoder.cli.main import main
from qcoder.io.sample_study import build_sample_project


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_sample_project(tmp_path_factory.mktemp("sample") / "sample.qcoder")


def test_case_creates_an_organisation_and_links_sources(tmp_path, capsys):
    path = tmp_path / "p.qcoder"
    assert main(["new", str(path)]) == 0
    text = tmp_path / "acme.txt"
    text.write_text("Interviewer: Hello?\nAda: We work with Borealis.\n", encoding="utf-8")
    assert main(["import", str(path), str(text)]) == 0
    assert main(["case", str(path), "Acme", "--type", "sme", "--country", "Kenya", "--interviewed", "yes",
                 "--source", "acme"]) == 0
    assert main(["case", str(path), "Borealis", "--type", "large", "--lat", "60.2", "--lon", "24.9"]) == 0
    capsys.readouterr()
    assert main(["cases", str(path), "--json"]) == 0
    cases = {c["name"]: c for c in json.loads(capsys.readouterr().out)}
    assert cases["Acme"]["type"] == "small or medium enterprise" and cases["Acme"]["sources"] == ["acme"]
    assert cases["Acme"]["lat"] == pytest.approx(0.6, abs=1.5) and cases["Acme"]["interviewed"] is True
    assert cases["Borealis"]["lat"] == 60.2 and cases["Borealis"]["category"] == "mentioned only"


def test_bad_case_input_is_one_line_and_status_2(tmp_path, capsys):
    path = tmp_path / "p.qcoder"
    main(["new", str(path)])
    capsys.readouterr()
    assert main(["case", str(path), "Acme", "--type", "spaceship"]) == 2
    assert main(["case", str(path), "Acme", "--lat", "10"]) == 2
    assert main(["case", str(path), "Acme", "--country", "Atlantis"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("qcoder: ") for line in err)


def test_map_network_csv_on_the_sample(sample, tmp_path):
    out = tmp_path / "net.csv"
    assert main(["map", str(sample), "--view", "network", "--out", str(out)]) == 0
    links = list(csv.DictReader(out.open(encoding="utf-8")))
    assert set(links[0]) == {"source", "target", "weight", "source_to_target", "target_to_source"}
    both = {(r["source"], r["target"]): (int(r["weight"]), int(r["source_to_target"]), int(r["target_to_source"]))
            for r in links}
    assert both[("Kestrel Labs", "Orchid Systems")][1:] == (1, both[("Kestrel Labs", "Orchid Systems")][2])
    assert ("Orchid Systems", "Kestrel Labs") not in both  # one row per link
    assert all(w == ab + ba for w, ab, ba in both.values())
    nodes = list(csv.DictReader((tmp_path / "net-nodes.csv").open(encoding="utf-8")))
    kestrel = next(n for n in nodes if n["name"] == "Kestrel Labs")
    assert (kestrel["type"], kestrel["country"], kestrel["interviewed"]) == ("small or medium enterprise", "Kenya", "yes")
    assert kestrel["latitude"] and kestrel["longitude"]
    assert main(["map", str(sample), "--view", "network", "--out", str(out), "--directed"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert set(rows[0]) == {"source", "target", "weight"}
    assert len(rows) > len(links)
    pairs = {(r["source"], r["target"]): int(r["weight"]) for r in rows}
    assert pairs[("Kestrel Labs", "Orchid Systems")] == 1
    assert ("Orchid Systems", "Kestrel Labs") in pairs
    assert pairs[("Southern Cross Language Technologies", "Tessellate AI")] == 2
    organisations = {name for pair in pairs for name in pair}
    assert len(organisations) == 16


def test_map_filters_by_code_and_coder(sample, tmp_path):
    out = tmp_path / "net.csv"
    assert main(["map", str(sample), "--out", str(out), "--with-code", "On-ramp/Compute partnerships",
                 "--directed"]) == 0
    pairs = {(r["source"], r["target"]) for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert ("Instituto Andino de Computación", "Atlas Open Models Foundation") in pairs
    assert all("Orchid Systems" not in pair for pair in pairs)
    assert main(["map", str(sample), "--out", str(out), "--coder", "Sam", "--directed"]) == 0
    sam = {(r["source"], r["target"]) for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert ("Pampa Data Cooperative", "Orchid Systems") in sam  # Sam coded this mention, Alex did not
    assert main(["map", str(sample), "--out", str(out), "--coder", "Alex", "--directed"]) == 0
    alex = {(r["source"], r["target"]) for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert ("Pampa Data Cooperative", "Orchid Systems") not in alex
    assert ("Orchid Systems", "Saraswati Language Lab") in alex - sam


def test_map_graphml_lifecycle_and_matrix_csv(sample, tmp_path):
    graphml = tmp_path / "net.graphml"
    assert main(["map", str(sample), "--out", str(graphml)]) == 0
    root = ET.parse(graphml).getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == 16
    undirected = len(root.findall(".//g:edge", ns))
    assert root.find(".//g:graph", ns).get("edgedefault") == "undirected"
    assert main(["map", str(sample), "--out", str(graphml), "--directed"]) == 0
    root = ET.parse(graphml).getroot()
    assert len(root.findall(".//g:edge", ns)) > 40 and len(root.findall(".//g:edge", ns)) > undirected
    board = tmp_path / "board.csv"
    assert main(["map", str(sample), "--view", "lifecycle", "--out", str(board)]) == 0
    board_rows = list(csv.DictReader(board.open(encoding="utf-8")))
    stages = [r["stage"] for r in board_rows]
    assert stages.index("Pre-training") < stages.index("Post-training") < stages.index("Post-release")
    quoted = [(r["stage"], r["name"], r["exemplar_quote"]) for r in board_rows if r["exemplar_quote"]]
    assert quoted and len(quoted) == len(set(quoted))  # each exemplar once, though both coders flagged it
    assert all(r["interview"] and r["speaker"] for r in board_rows if r["exemplar_quote"])
    matrix = tmp_path / "m.csv"
    assert main(["map", str(sample), "--view", "matrix", "--out", str(matrix), "--rows", "Organisations",
                 "--columns", "Lifecycle stage", "--measure", "organisations"]) == 0
    header, *rows = list(csv.reader(matrix.open(encoding="utf-8")))
    assert header[1:] == ["Pre-training", "Post-training", "Public release of model weights", "Post-release"]
    assert len(rows) == 16


def test_map_refuses_bad_output_names(sample, tmp_path, capsys):
    assert main(["map", str(sample), "--out", str(tmp_path / "x.pdf")]) == 2
    assert main(["map", str(sample), "--view", "matrix", "--out", str(tmp_path / "x.graphml")]) == 2
    assert main(["map", str(sample), "--out", str(tmp_path / "nope" / "x.csv")]) == 2
    assert main(["map", str(sample), "--out", str(tmp_path / "x.csv"), "--with-code", "No such code"]) == 2
    assert main(["map", str(sample), "--out", str(tmp_path / "x.png"), "--width", "0"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 5


@pytest.mark.parametrize("view", ["network", "lifecycle", "matrix"])
@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_map_renders_images(sample, tmp_path, view, suffix):
    out = tmp_path / f"{view}.{suffix}"
    assert main(["map", str(sample), "--view", view, "--out", str(out), "--width", "900"]) == 0
    data = out.read_bytes()
    if suffix == "png":
        from PySide6.QtGui import QImage

        image = QImage(str(out))
        assert image.width() == 1800 and image.height() > 300
        colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)}
        assert len(colours) > 5  # not a blank canvas
    else:
        assert b"<svg" in data and (b"Orchid Systems" in data or view != "network" or b"<path" in data)


def test_sample_command_writes_the_study(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("QCODER_DATA_DIR", str(tmp_path / "data"))
    assert main(["sample"]) == 0
    built = tmp_path / "data" / "sample-study.qcoder"
    assert capsys.readouterr().out.strip() == str(built)
    stamp = built.stat().st_mtime_ns
    assert main(["sample"]) == 0 and built.stat().st_mtime_ns == stamp  # up to date: not rebuilt
    out = tmp_path / "mine.qcoder"
    assert main(["sample", "--out", str(out)]) == 0 and out.exists()
    assert main(["sample", "--out", str(out)]) == 2  # exists: refused without --force


def test_open_sample_builds_then_opens_the_window(tmp_path, monkeypatch):
    import qcoder.ui.app

    monkeypatch.setenv("QCODER_DATA_DIR", str(tmp_path / "data"))
    opened = []
    monkeypatch.setattr(qcoder.ui.app, "run_app", lambda project, coder_name=None: opened.append(project) or 0)
    assert main(["--sample"]) == 0
    assert main(["open", "--sample"]) == 0
    assert opened == [str(tmp_path / "data" / "sample-study.qcoder")] * 2
    assert main(["open", "other.qcoder", "--sample"]) == 2


def test_map_attribute_filter_keeps_mentions_by_those_organisations(sample, tmp_path, capsys):
    out = tmp_path / "net.csv"
    assert main(["map", str(sample), "--out", str(out), "--attribute", "type=large", "--directed"]) == 0
    sources = {r["source"] for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert sources == {"Orchid Systems", "Meridian Cloud"}
    assert main(["map", str(sample), "--out", str(out), "--attribute", "country=Chile", "--directed"]) == 0
    assert {r["source"] for r in csv.DictReader(out.open(encoding="utf-8"))} == {"Instituto Andino de Computación"}
    capsys.readouterr()
    assert main(["map", str(sample), "--out", str(out), "--attribute", "colour=red"]) == 2
    assert "--attribute" in capsys.readouterr().err
