"""The issue's 'done when', in real processes: ``python -m qcoder`` as a user runs it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap

TEXT = "Interviewer: How did you start? 🤗🧑🏿‍💻\r\nLea: In a Discord server 🎉, then a hackathon.\r\nInterviewer: Thanks!\r\n"
CANONICAL = TEXT.replace("\r\n", "\n")


def qcoder(*argv: str, cwd=None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "QCODER_CODER": "Tess", "PYTHONIOENCODING": "utf-8"}
    env.pop("QCODER_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "qcoder", *argv], capture_output=True, env=env,
                          cwd=cwd, timeout=120)


def test_new_import_code_segments_text_in_real_processes(tmp_path):
    project = tmp_path / "study.qcoder"
    transcript = tmp_path / "lea.txt"
    transcript.write_bytes(TEXT.encode("utf-8"))

    result = qcoder("new", str(project))
    assert result.returncode == 0, result.stderr
    result = qcoder("import", str(project), str(transcript))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("ok")

    start = CANONICAL.index("a hackathon")
    end = start + len("a hackathon")
    result = qcoder("code", str(project), "lea", str(start), str(end), "Lifecycle stage/Pre-training")
    assert result.returncode == 0, result.stderr
    result = qcoder("segments", str(project), "--json")
    assert result.returncode == 0
    [segment] = json.loads(result.stdout.decode("utf-8"))
    assert segment["text"] == "a hackathon"
    assert segment["coder"] == "Tess"

    result = qcoder("text", str(project), "lea")
    assert result.returncode == 0
    assert result.stdout == CANONICAL.encode("utf-8")  # byte-exact: LF, no BOM, emoji intact

    result = qcoder("sources", str(project), "--json")
    [source] = json.loads(result.stdout.decode("utf-8"))
    assert source["characters"] == len(CANONICAL)


def test_a_mistake_in_a_real_process_is_one_line_without_traceback(tmp_path):
    result = qcoder("segments", str(tmp_path / "absent.qcoder"), "--json")
    assert result.returncode != 0
    err = result.stderr.decode()
    assert err.count("\n") == 1 and "Traceback" not in err and "absent.qcoder" in err
    assert result.stdout == b""


_HOLDER = textwrap.dedent(
    """
    import sys
    from qcoder.core.lifecycle.project import Project
    project = Project.open(sys.argv[1], coder_name="Carla")
    print("ready", flush=True)
    sys.stdin.readline()
    project.close()
    """
)


def test_a_second_process_is_told_who_holds_the_project(tmp_path):
    project = tmp_path / "study.qcoder"
    assert qcoder("new", str(project), "--codebook", "none").returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(project)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        transcript = tmp_path / "t.txt"
        transcript.write_text("A: hi\nB: ho\n", encoding="utf-8")
        result = qcoder("import", str(project), str(transcript))
        assert result.returncode == 3
        err = result.stderr.decode()
        assert err.count("\n") == 1 and "Traceback" not in err
        assert "Carla" in err and socket.gethostname() in err and f"process {holder.pid}" in err
        assert qcoder("sources", str(project), "--json").returncode == 0  # reading still works
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(30)
    assert qcoder("import", str(project), str(transcript)).returncode == 0
