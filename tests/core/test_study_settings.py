from __future__ import annotations

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.study_settings import set_study_settings
from qcoder.core.usecases.queries.study_settings import study_settings


def test_settings_are_stored_in_the_file_by_prefix(empty_project, project_path):
    with empty_project.transaction() as session:
        assert set_study_settings(session, {"map.layout": "force", "map.unit": "turn", "other_x": "1"}).empty
        set_study_settings(session, {"map.unit": None, "map.layout": "geographic"})
    empty_project.close()
    with Project.open(project_path, read_only=True) as project, project.reading() as session:
        assert study_settings(session, "map.") == {"map.layout": "geographic"}
        assert study_settings(session)["other_x"] == "1"
        assert "schema_version" not in study_settings(session)
