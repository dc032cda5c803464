"""A refresh that another coder's change causes keeps what the coder has chosen in the panes."""

from __future__ import annotations

from qcoder.core.changes import Changes
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.queries.code_tree import list_codes


def _arrives_from_elsewhere(window, use_case, *args):
    """Written past the window's controller, then announced as the server's change feed does:
    every id of the touched kinds, without saying the tree's shape changed."""
    result = window.controller.project.write(use_case, *args)
    codes = frozenset(code.id for code in window.controller.read(list_codes))
    window.controller.changed.emit(Changes(codes=codes))
    return result


def test_a_code_added_elsewhere_keeps_the_chosen_code_and_the_unfolded_tree(window):
    parent = window.controller.run(add_code, "Lifecycle").created_id
    child = window.controller.run(add_code, "Pre-training", parent_id=parent).created_id
    window.codes.select_code(child)
    assert window.codes.current_code_id() == child
    _arrives_from_elsewhere(window, add_code, "Trust")
    assert any(code.name == "Trust" for code in window.codes.model.codes())
    assert window.codes.current_code_id() == child
    parent_index = window.codes.proxy.mapFromSource(window.codes.model.index_of(parent))
    assert window.codes.tree.isExpanded(parent_index)
