"""The retrieval rows of codings just made, changed or put back, built without reading them back.

A coding's change states the codings as they now stand (``Changes.coding_rows``); what else a
row shows (the source's name, text, turns and cases, the code's path) is read once per source
and code and kept while only codings change. Any other change forgets it all.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from qcoder.core.changes import Changes
from qcoder.core.snapshots import CodingInfo, SegmentInfo
from qcoder.core.usecases.queries.passage_facts import CodeFacts, SourceFacts, code_facts, segment_of, source_facts
from qcoder.ui.deferred_refresh import only_a_new_code
from qcoder.ui.project_controller import ProjectController

SOURCES_KEPT = 8
"""Sources whose text is kept (a researcher codes in one or two at a time)."""


class PassageRows:
    def __init__(self, controller: ProjectController, context: int) -> None:
        self.controller = controller
        self.context = context
        self._sources: OrderedDict[int, SourceFacts] = OrderedDict()
        self._codes: dict[int, CodeFacts] = {}

    def forget(self) -> None:
        self._sources.clear()
        self._codes.clear()

    def follow(self, changes: Changes) -> None:
        """Forget what ``changes`` may have changed: all of it unless only codings changed."""
        if only_a_new_code(changes):  # it changes no row; its rows to come name it as the change states it
            new = changes.code_row(changes.created_id)  # type: ignore[arg-type]  # only_a_new_code: it is set
            if new is not None:
                self._codes[new.id] = CodeFacts(id=new.id, path=new.path, name=new.name)
        elif not only_codings(changes):
            self.forget()

    def rows(self, codings: Iterable[CodingInfo]) -> list[SegmentInfo]:
        return [segment_of(c, self._source(c.source_id), self._code(c.code_id), context=self.context) for c in codings]

    def _source(self, source_id: int) -> SourceFacts:
        facts = self._sources.get(source_id)
        if facts is None:
            facts = self._sources[source_id] = self.controller.read(source_facts, source_id)
            while len(self._sources) > SOURCES_KEPT:
                self._sources.popitem(last=False)
        else:
            self._sources.move_to_end(source_id)
        return facts

    def _code(self, code_id: int) -> CodeFacts:
        facts = self._codes.get(code_id)
        if facts is None:
            facts = self._codes[code_id] = self.controller.read(code_facts, code_id)
        return facts


def only_codings(changes: Changes) -> bool:
    """Whether ``changes`` changed codings alone (stated in full) and nothing a row shows
    besides them: no name, text, turn, case or code tree."""
    shift = changes.coding_shift()
    if shift is None or not changes.codings:
        return False
    if changes.code_tree or changes.cases or changes.attributes or changes.coders or changes.texts:
        return False
    touched = [*shift[0].values(), *shift[1].values()]
    return changes.sources <= {c.source_id for c in touched} and changes.codes <= {c.code_id for c in touched}
