"""The export checks project.qde in two threads at once, each with a schema of its own. libxml2
sets up its built-in types on the first schema compiled in a process, and two threads compiling
then could corrupt them: "Document is not valid XML Schema", a crash, or a thread looping for ever,
in a few of every 30 exports from the command line. So schemas are compiled one at a time."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from lxml import etree

from qcoder.io.refi_qda import schemas
from qcoder.io.refi_qda.schemas import compiled_schema

THREADS = 4


def test_schemas_asked_for_in_threads_at_once_are_compiled_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compiling, most = 0, 0
    counting = threading.Lock()
    real = etree.XMLSchema

    def slow_compile(document: etree._Element) -> etree.XMLSchema:
        nonlocal compiling, most
        with counting:
            compiling += 1
            most = max(most, compiling)
        time.sleep(0.02)  # long enough for every thread to be here at once, were they let in
        try:
            return real(document)
        finally:
            with counting:
                compiling -= 1

    monkeypatch.setattr(schemas.etree, "XMLSchema", slow_compile)
    start = threading.Barrier(THREADS)

    def compile_one(_number: int) -> etree.XMLSchema:
        start.wait()
        return compiled_schema("project")

    with ThreadPoolExecutor(THREADS) as threads:
        compiled = list(threads.map(compile_one, range(THREADS)))
    assert most == 1
    assert len({id(schema) for schema in compiled}) == THREADS  # each check keeps its own error log
