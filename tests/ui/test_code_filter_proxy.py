"""The code filter keeps the codes Qt's own recursive filter kept, and passes Qt's model tester."""

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt

from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.queries.code_tree import list_codes, resolve_code_path
from qcoder.ui.models.code_filter_proxy import CodeFilterProxy
from qcoder.ui.models.code_tree_model import CodeTreeModel


def shown(proxy, parent=QModelIndex()) -> list[str]:
    names = []
    for row in range(proxy.rowCount(parent)):
        index = proxy.index(row, 0, parent)
        names.append(index.data())
        names += [f"{index.data()} > {name}" for name in shown(proxy, index)]
    return names


def qt_filter(model: CodeTreeModel, text: str) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setRecursiveFilteringEnabled(True)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(CodeTreeModel.NAME)
    proxy.setFilterFixedString(text)
    return proxy


def test_the_filter_keeps_what_qts_recursive_filter_kept(qtmodeltester, study_project):
    model = CodeTreeModel()
    with study_project.reading() as session:
        model.set_codes(list_codes(session))
    model.pinned = [model.codes()[3].id]  # its shown name ends in "[1]"
    proxy = CodeFilterProxy(model)
    for text in ("", "o", "ON-RAMP", "compute", "[1]", "gov", "no such code", "e"):
        proxy.set_filter_text(text)
        assert shown(proxy) == shown(qt_filter(model, text)), text
        qtmodeltester.check(proxy)
    proxy.set_filter_text("compute")
    assert "On-ramp > Compute partnerships" in shown(proxy) and len(shown(proxy)) < len(shown(qt_filter(model, "")))


def test_a_new_code_that_matches_shows_under_the_filter(study_project):
    model = CodeTreeModel()
    with study_project.reading() as session:
        model.set_codes(list_codes(session))
    proxy = CodeFilterProxy(model)
    proxy.set_filter_text("zebra")
    assert shown(proxy) == []
    with study_project.transaction() as session:
        parent = resolve_code_path(session, "On-ramp")
        add_code(session, "Zebra crossing", parent_id=parent)
    with study_project.reading() as session:
        model.set_codes(list_codes(session))
    assert shown(proxy) == ["On-ramp", "On-ramp > Zebra crossing"]
