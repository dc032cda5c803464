"""A transcript with its recording arrives in QualCoder as its audio source, the transcript's text
and its codings: QualCoder's own REFI-QDA importer reads our ``AudioSource``/``Transcript``.

Skipped unless a QualCoder source checkout is at hand (see :mod:`tests.interop.qualcoder_harness`).
"""

from __future__ import annotations

import pytest

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.io.importer import import_files
from qcoder.io.refi_qda import export_qdpx
from tests.core.core_helpers import read, run
from tests.interop.qualcoder_harness import import_with_qualcoder, qualcoder_source
from tests.recordings import TRANSCRIPT, write_wav

pytestmark = pytest.mark.skipif(qualcoder_source() is None, reason="no QualCoder source (set QUALCODER_SRC)")


@pytest.mark.parametrize("with_media", [False, True])
def test_a_recorded_interview_arrives_in_qualcoder(tmp_path, with_media):
    folder = tmp_path / "study"
    folder.mkdir()
    (folder / "amara.txt").write_text(TRANSCRIPT, encoding="utf-8")
    write_wav(folder / "amara.wav", seconds=8)
    with Project.create(folder / "study.qcoder", coder_name="Ann") as project:
        import_files(project, [folder / "amara.txt"])
        (source,) = read(project, list_sources)
        code_id = run(project, add_code, "Heard on the recording").created_id  # QualCoder wants unique code names
        start = TRANSCRIPT.index("A public lab")
        run(project, apply_coding, source.id, code_id, start, start + 30, project.coder_id())
        out = tmp_path / "study.qdpx"
        export_qdpx(project, out, with_media=with_media)
    for kind in ("documents", "audio", "video", "images"):  # a QualCoder project's folders
        (tmp_path / "qualcoder.qda" / kind).mkdir(parents=True, exist_ok=True)
    database, log = import_with_qualcoder(out, tmp_path)
    sources = {name: (mediapath, fulltext) for name, mediapath, fulltext in
               database.execute("select name, mediapath, fulltext from source")}
    media_path = sources["amara.wav"][0]
    if with_media:  # copied out of the archive into the QualCoder project's audio folder
        assert media_path == "/audio/amara.wav" and (tmp_path / "qualcoder.qda" / "audio" / "amara.wav").is_file(), log
    else:  # linked where it is
        assert media_path == f"audio:{folder / 'amara.wav'}", log
    assert sources["amara.wav.txt"][1] == TRANSCRIPT
    (seltext,) = [row[0] for row in database.execute("select seltext from code_text")]
    # QualCoder adds one to a sync point's position (its own off-by-one); the passage's words arrive
    assert "public lab offered us time on" in seltext
