"""Every item model passes Qt's model tester."""

from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.ui.models.code_tree_model import CodeTreeModel
from qcoder.ui.models.segment_table_model import SegmentTableModel
from qcoder.ui.models.source_list_model import SourceListModel


def test_code_tree_model(qtmodeltester, study_project):
    model = CodeTreeModel()
    with study_project.reading() as session:
        model.set_codes(list_codes(session))
    qtmodeltester.check(model)
    assert model.rowCount() == 8


def test_source_list_model(qtmodeltester, window):
    model = SourceListModel()
    model.set_sources(window.controller.read(list_sources))
    qtmodeltester.check(model)


def test_segment_table_model(qtmodeltester, window):
    model = SegmentTableModel()
    model.set_segments(window.controller.read(list_segments))
    qtmodeltester.check(model)
