"""Test configuration: Qt runs offscreen; helpers make real project files in tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QCODER_CODER", "tester")

import pytest

from qcoder.core.lifecycle.project import Project


@pytest.fixture(autouse=True)
def _own_config_dir(tmp_path_factory, monkeypatch):
    """Each test keeps the person's settings (the coder's name) in a folder of its own."""
    monkeypatch.setenv("QCODER_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def project_path(tmp_path):
    return tmp_path / "study.qcoder"


@pytest.fixture
def empty_project(project_path):
    """A new project without a codebook, open for writing, closed after the test."""
    project = Project.create(project_path, coder_name="Ann", codebook=None)
    yield project
    project.close()


@pytest.fixture
def study_project(project_path):
    """A new project with the study's default codebook."""
    project = Project.create(project_path, coder_name="Ann")
    yield project
    project.close()
