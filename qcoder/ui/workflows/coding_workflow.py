"""What the coding keys and buttons do: turn the selection and the chosen code into commands."""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from qcoder.core.errors import QcoderError
from qcoder.core.snapshots import CodingInfo
from qcoder.core.usecases.queries.memos import list_memos
from qcoder.ui.actions import Actions
from qcoder.ui.commands.coding_commands import (
    ApplyCodingCommand,
    InVivoCommand,
    RemoveCodingCommand,
    ResizeCodingCommand,
    SetCodingMemoCommand,
    SetExemplarCommand,
)
from qcoder.ui.commands.memo_commands import AddMemoCommand
from qcoder.ui.dialogs.text_dialogs import get_multiline_text
from qcoder.ui.document.document_pane import DocumentPane
from qcoder.ui.panes.code_tree_pane import CodeTreePane
from qcoder.ui.project_controller import ProjectController

MAX_RECENT_CODES = 8
_WORD = re.compile(r"\w+|[^\w\s]", re.UNICODE)


class CodingWorkflow(QObject):
    message = Signal(str)
    recent_changed = Signal()

    def __init__(
        self, controller: ProjectController, document: DocumentPane, codes: CodeTreePane, window: QWidget
    ) -> None:
        super().__init__(window)
        self.controller, self.document, self.codes, self.window = controller, document, codes, window
        self.recent_codes: list[int] = []

    def add_actions(self, a: Actions) -> None:
        a.add("apply", "&Apply current code", self.apply_current, shortcut="Ctrl+Return", edits=True,
              section="code.passage", tip="Code the selected text with the code chosen in the code tree")
        a.add("in_vivo", "&In-vivo code from selection", self.in_vivo, shortcut="Ctrl+I", edits=True,
              section="code.passage")
        a.add("unmark", "&Unmark passage", self.unmark, shortcut="Ctrl+Backspace", edits=True, section="code.passage")
        a.add("exemplar", "Flag &exemplar quote", self.toggle_exemplar, shortcut="Ctrl+E", edits=True,
              section="code.passage")
        a.add("passage_memo", "Passage &memo…", self.edit_passage_memo, shortcut="Ctrl+M", edits=True,
              section="code.passage")
        a.add("source_memo", "&Source memo…", self.edit_source_memo, shortcut="Ctrl+Alt+M", edits=True,
              section="code.passage")
        # Alt+arrows, not Ctrl+Alt+arrows: those switch workspaces on GNOME, Xfce and Openbox.
        for name, text, edge, grow, key in (
            ("grow_end", "Extend passage end by a word", "end", True, "Alt+Right"),
            ("shrink_end", "Pull passage end back by a word", "end", False, "Alt+Left"),
            ("grow_start", "Extend passage start by a word", "start", True, "Alt+Up"),
            ("shrink_start", "Pull passage start in by a word", "start", False, "Alt+Down"),
        ):
            a.add(name, text, lambda e=edge, g=grow: self.resize(e, g), shortcut=key, edits=True, section="code.resize")
        for number in range(1, 10):
            a.add(f"pinned_{number}", f"Apply pinned code {number}", lambda n=number: self.apply_pinned(n),
                  shortcut=str(number), edits=True)

    # -- applying codes -----------------------------------------------------------------

    def apply_code(self, code_id: int) -> bool:
        """Code the selected text with ``code_id``; say why not when it cannot be done."""
        span = self.document.view.selected_span()
        source_id = self.document.source_id
        if span is None or source_id is None:
            self.message.emit("Select a passage in the document first, then choose a code.")
            return False
        return self.apply_code_to(code_id, source_id, *span)

    def apply_code_to(self, code_id: int, source_id: int, start: int, end: int) -> bool:
        code = self.codes.model.code(code_id)
        name = code.name if code else "code"
        try:
            self.controller.push(ApplyCodingCommand(self.controller, source_id, code_id, start, end, name))
        except QcoderError as error:
            self.message.emit(str(error))
            return False
        self._remember(code_id)
        self.message.emit(f"Coded {end - start} characters with “{name}”.")
        return True

    def apply_current(self) -> bool:
        code_id = self.codes.current_code_id()
        if code_id is None:
            self.message.emit("Choose a code in the code tree first.")
            return False
        return self.apply_code(code_id)

    def apply_pinned(self, number: int) -> bool:
        pinned = self.codes.model.pinned
        if not 1 <= number <= len(pinned):
            self.message.emit(f"No code is pinned to key {number} (pin one from the code tree's menu).")
            return False
        return self.apply_code(pinned[number - 1])

    def in_vivo(self) -> bool:
        """Make a code named after the selected words (under “In vivo”), or take the one the same
        words made before, code the selection with it, and show it in the code tree."""
        span = self.document.view.selected_span()
        if span is None or self.document.source_id is None:
            self.message.emit("Select the words to use as the new code's name.")
            return False
        words = " ".join(self.document.view.text[span[0]:span[1]].split())
        name = words if len(words) <= 60 else words[:57].rstrip() + "…"
        command = InVivoCommand(self.controller, name, self.document.source_id, *span)
        try:
            self.controller.push(command)
        except QcoderError as error:
            self.message.emit(str(error))
            return False
        assert command.code_id is not None
        # brought into sight, not chosen: the code the coder had chosen stays chosen (Enter still
        # applies it) and the passages listed stay listed, as in-vivo codes come one after another
        self.codes.reveal_code(command.code_id)
        self._remember(command.code_id)
        code = self.codes.model.code(command.code_id)
        path, characters = code.path if code else name, span[1] - span[0]
        self.message.emit(f"Coded {characters} characters with the new code “{path}”." if command.made_code else
                          f"Coded {characters} characters with “{path}”, the code these words were given before.")
        return True

    def _remember(self, code_id: int) -> None:
        recent = [code_id, *[c for c in self.recent_codes if c != code_id]][:MAX_RECENT_CODES]
        if recent != self.recent_codes:  # the same code again (most codings) rebuilds no menu
            self.recent_codes = recent
            self.recent_changed.emit()

    # -- editing passages ---------------------------------------------------------------

    def target_coding(self) -> CodingInfo | None:
        """The passage an edit is about: under the cursor, preferring the current code, then the shortest."""
        view = self.document.view
        span = view.selected_span()
        if span is not None:
            candidates = view.codings_overlapping(*span)
        else:
            candidates = view.codings_at(view.positions.to_python(view.textCursor().position()))
        if not candidates:
            return None
        current = self.codes.current_code_id()
        preferred = [c for c in candidates if c.code_id == current] or candidates
        return min(preferred, key=lambda c: (c.end - c.start, c.id))

    def unmark(self) -> bool:
        coding = self._require_coding()
        if coding is None:
            return False
        name = self.document.code_names.get(coding.code_id, "code")
        self.controller.push(RemoveCodingCommand(self.controller, coding.id, name))
        self.message.emit(f"Removed “{name}” from the passage.")
        return True

    def toggle_exemplar(self) -> bool:
        coding = self._require_coding()
        if coding is None:
            return False
        self.controller.push(SetExemplarCommand(self.controller, coding.id, not coding.exemplar))
        self.message.emit("Flagged as exemplar quote." if not coding.exemplar else "Exemplar flag removed.")
        return True

    def edit_memo_of(self, coding_id: int) -> bool:
        """The memo of one passage (its marker in the margin was clicked)."""
        coding = next((c for c in self.document.view.codings if c.id == coding_id), None)
        return coding is not None and self.edit_passage_memo(coding)

    def edit_passage_memo(self, coding: CodingInfo | None = None) -> bool:
        coding = coding or self._require_coding()
        if coding is None:
            return False
        text, ok = get_multiline_text(self.window, "Passage memo", "Memo on this passage:", coding.memo or "")
        if ok:
            self.controller.push(SetCodingMemoCommand(self.controller, coding.id, text.strip() or None))
        return ok

    def edit_source_memo(self) -> bool:
        """Add a memo on the open source (its earlier memos are shown above the box)."""
        source_id = self.document.source_id
        if source_id is None:
            self.message.emit("Open a source first.")
            return False
        earlier = self.controller.read(list_memos, target="source", target_id=source_id)
        shown = "\n\n".join(f"{m.coder}: {m.text}" for m in earlier)
        text, ok = get_multiline_text(
            self.window, "Source memo", (f"Earlier memos:\n{shown}\n\n" if shown else "") + "New memo on this source:"
        )
        if ok and text.strip():
            self.controller.push(AddMemoCommand(self.controller, text.strip(), "source", source_id))
            return True
        return False

    def resize(self, edge: str, grow: bool) -> bool:
        """Move the passage's ``edge`` ("start" or "end") by one word, outward when ``grow``."""
        coding = self._require_coding()
        if coding is None:
            return False
        text = self.document.view.text
        start, end = coding.start, coding.end
        if edge == "end":
            end = _next_word_end(text, end) if grow else _previous_word_end(text, end, start)
        else:
            start = _previous_word_start(text, start) if grow else _next_word_start(text, start, end)
        if (start, end) == (coding.start, coding.end) or start >= end:
            return False
        self.controller.push(ResizeCodingCommand(self.controller, coding.id, start, end))
        self.document.view.select_span(start, end, centre=False)  # the view stays where the researcher looks
        return True

    def _require_coding(self) -> CodingInfo | None:
        coding = self.target_coding()
        if coding is None:
            self.message.emit("Put the cursor in a coded passage first.")
        return coding


def _next_word_end(text: str, position: int) -> int:
    match = _WORD.search(text, position)
    return match.end() if match else len(text)


def _previous_word_end(text: str, position: int, floor: int) -> int:
    ends = [m.end() for m in _WORD.finditer(text, floor, position) if m.end() < position]
    return ends[-1] if ends else position


def _previous_word_start(text: str, position: int) -> int:
    starts = [m.start() for m in _WORD.finditer(text, max(0, position - 200), position) if m.start() < position]
    return starts[-1] if starts else 0


def _next_word_start(text: str, position: int, ceiling: int) -> int:
    for match in _WORD.finditer(text, position, ceiling):
        if match.start() > position:
            return match.start()
    return position
