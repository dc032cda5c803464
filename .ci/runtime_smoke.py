"""Every command of an installed qcoder, once, on the sample study: the runtime-only check.

Run by ``.ci/runtime_smoke.sh`` with the ``qcoder`` of a virtual environment that has the wheel
without the test extra, so an import the program needs at run time but that only the tests
install (numpy was one) or a package folder the wheel left out (``qcoder.ui.models`` was one)
fails here. A command fails the check if it exits non-zero or prints a traceback.

    python .ci/runtime_smoke.py /path/to/venv/bin/qcoder
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

SMOKE_CODER = "Smoke Tester"


class Smoke:
    def __init__(self, qcoder: str, folder: Path) -> None:
        self.qcoder, self.folder = qcoder, folder
        self.failures: list[str] = []
        self.count = 0
        self.environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1",
                            "XDG_CONFIG_HOME": str(folder / "config"), "HOME": str(folder / "home")}
        (folder / "home").mkdir()

    def run(self, *arguments: str, expect: int = 0) -> str:
        """``qcoder ARGUMENTS`` in the scratch folder; its stdout. Records a failure, never raises."""
        self.count += 1
        started = time.monotonic()
        result = subprocess.run([self.qcoder, *arguments], cwd=self.folder, env=self.environment,
                                capture_output=True, text=True, timeout=300)
        took = time.monotonic() - started
        output = result.stdout + result.stderr
        line = " ".join(arguments)
        if result.returncode != expect or "Traceback (most recent call last)" in output:
            self.failures.append(f"qcoder {line} (exit {result.returncode}, expected {expect})\n{output[-3000:]}")
            print(f"FAIL {took:5.1f}s qcoder {line}", flush=True)
        else:
            print(f"ok   {took:5.1f}s qcoder {line}", flush=True)
        return result.stdout

    def json(self, *arguments: str) -> object:
        output = self.run(*arguments)
        try:
            return json.loads(output)
        except ValueError:
            self.failures.append(f"qcoder {' '.join(arguments)}: not JSON:\n{output[:500]}")
            return []


def smoke(qcoder: str, folder: Path) -> list[str]:
    s = Smoke(qcoder, folder)
    coder = ("--coder", SMOKE_CODER)
    s.run("--version")
    s.run("--help")
    s.run("coder", SMOKE_CODER)
    s.run("coder")
    s.run("sample", "--out", "study.qcoder")
    study = "study.qcoder"

    sources = s.json("sources", study, "--json")
    source = sources[0]["name"] if isinstance(sources, list) and sources else "01-lumen-commons"
    s.run("text", study, source)
    codes = s.json("codes", study, "--json")
    codable = [c for c in codes if isinstance(c, dict) and c.get("codable")] if isinstance(codes, list) else []
    code_path = codable[0]["path"] if codable else "Lifecycle stage/Pre-training"
    segments = s.json("segments", study, "--json")
    coders = sorted({row["coder"] for row in segments if isinstance(row, dict)}) if isinstance(segments, list) else []
    s.run("segments", study, "--code", code_path)
    s.run("code", study, source, "0", "20", code_path, *coder)
    s.run("case", study, "Smoke Lab", "--type", "sme", "--country", "Kenya", "--interviewed", "no", *coder)
    s.json("cases", study, "--json")
    s.json("speakers", study, "--json")
    s.run("speakers", study, "--source", source, "--rename", "Interviewer=Interviewer A", *coder)

    # analysis
    s.json("search", study, "compute", "--json")
    s.run("search", study, "open.*model", "--regex", "--whole-words")
    s.json("frequencies", study, "--json")
    s.json("cooccurrence", study, "--json")
    s.run("cooccurrence", study, "--group", "On-ramp", "--unit", "turn", "--csv")
    s.json("crosstab", study, "--rows", "On-ramp", "--cols", "Lifecycle stage", "--json")
    s.run("crosstab", study, "--rows", "On-ramp", "--cols", "type", "--by", "Lifecycle stage",
          "--count", "sources", "--csv", "--out", "crosstab.xlsx")
    s.run("query", study, "save", "smoke", "code:On-ramp")
    s.json("query", study, "list", "--json")
    s.run("query", study, "run", "smoke", "--out", "query.xlsx")
    s.run("query", study, "delete", "smoke")
    if len(coders) >= 2:
        pair = coders[:2]
        s.json("agreement", study, "--coders", *pair, "--json")
        disagreements = s.json("disagreements", study, "--coders", *pair, "--json")
        if isinstance(disagreements, list) and disagreements:
            first = disagreements[0]
            s.run("resolve", study, "--coders", *pair, "--source", first["source"], "--code", first["code"],
                  "--start", str(first["start"]), "--end", str(first["end"]), "--keep", *coder)
        s.run("resolutions", study)
    else:
        s.failures.append(f"the sample study should have two coders, not {coders}")

    # the map: every view, layout and file type
    for layout in ("geographic", "force"):
        for suffix in ("png", "svg", "csv", "graphml"):
            s.run("map", study, "--view", "network", "--layout", layout, "--out", f"network-{layout}.{suffix}")
    for view in ("lifecycle", "matrix"):
        for suffix in ("png", "svg", "csv"):
            s.run("map", study, "--view", view, "--out", f"{view}.{suffix}")
    s.run("map", study, "--view", "matrix", "--rows", "On-ramp", "--columns", "Lifecycle stage",
          "--measure", "organisations", "--out", "matrix-organisations.png")
    s.run("map", study, "--view", "network", "--inset", "auto", "--out", "network-inset.png")

    # correcting and pseudonymising the texts
    s.run("edit", study, source, "0", "0", "[corrected] ", *coder)
    s.run("replace", study, source, "--find", "[corrected]", "--with", "[checked]", *coder)
    names = folder / "names.csv"
    names.write_text("Greta,Gerda\nBerlin,Hamburg\n", encoding="utf-8")
    s.run("pseudonymise", study, "--map", str(names), "--dry-run", *coder)
    s.run("pseudonymise", study, "--map", str(names), *coder)
    s.run("pseudonyms", study, "--export", "pseudonyms.csv")

    # a recording: linked, a copy kept inside, exported with it and read back
    recording = folder / "recording.wav"
    with wave.open(str(recording), "wb") as sound:
        sound.setnchannels(1)
        sound.setsampwidth(2)
        sound.setframerate(8000)
        sound.writeframes(b"\0\0" * 8000)
    s.run("media", study, source, str(recording), "--embed", *coder)
    s.run("sources", study, "--json")

    # exports, and reading them back
    formats = {"csv": "csv", "qdpx": "qdpx", "qdpx-media": "qdpx", "qdpx-crlf": "qdpx", "qdc": "qdc", "xlsx": "xlsx",
               "segments-xlsx": "xlsx", "md": "md", "codebook-csv": "csv", "codebook-xlsx": "xlsx", "html": "html"}
    for name, suffix in formats.items():
        s.run("export", study, "--format", name, "--out", f"export-{name}.{suffix}")
    s.run("new", "from-qdpx.qcoder", "--from", "export-qdpx.qdpx", *coder)
    s.run("new", "from-media.qcoder", "--from", "export-qdpx-media.qdpx", *coder)
    s.run("media", "from-media.qcoder", source, "--unlink", *coder)
    s.run("new", "empty.qcoder", "--codebook", "none", *coder)
    s.run("import", "empty.qcoder", "export-qdc.qdc", *coder)
    transcript = folder / "interview.txt"
    transcript.write_text("Interviewer: Who do you work with?\nAda: Mostly with a public lab.\n", encoding="utf-8")
    s.run("new", "fresh.qcoder", *coder)
    s.run("import", "fresh.qcoder", str(transcript), "--json", *coder)

    # teams and safety
    s.run("sample", "--out", "copy.qcoder")
    s.run("merge", study, "copy.qcoder", "--dry-run", *coder)
    s.run("merge", study, "copy.qcoder", "--out", "merged.qcoder", *coder)
    s.run("merge", study, "copy.qcoder", "--json", *coder)
    s.run("check", study)
    s.json("restore", study, "--json")
    s.run("restore", study, "1", *coder)

    # the window, offscreen
    s.run("screenshot", study, "--out", "workbench.png", "--source", source)
    s.run("screenshot", study, "--out", "map.png", "--view", "map", "--size", "1366x768")

    # mistakes get one line and a non-zero exit, not a traceback
    s.run("segments", "missing.qcoder", expect=2)
    print(f"{s.count} commands, {len(s.failures)} failed", flush=True)
    return s.failures


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: runtime_smoke.py PATH/TO/qcoder", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="qcoder-smoke-") as folder:
        failures = smoke(sys.argv[1], Path(folder))
    for failure in failures:
        print(f"\n--- {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
