"""A scripted coding session for the crash test: ``python -m tests.reliability.coding_session FILE SEED``.

It opens the project (taking over the lock a killed predecessor left), prints ``ready``, then
applies codings in a loop, each in its own transaction, sometimes with a memo on the source in
the same transaction. After each commit it prints ``coding <id>`` (and ``memo <id>``) and
flushes, so that whatever the parent read was committed before it was printed. It never stops
by itself: the parent kills it with SIGKILL.
"""

from __future__ import annotations

import random
import sys

from sqlalchemy import select

from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Code, Source
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo


def main(path: str, seed: int) -> None:
    chance = random.Random(seed)
    project = Project.open(path, coder_name=f"session-{seed}")
    coder = project.coder_id()
    with project.reading() as session:
        sources = [(row.id, row.characters) for row in session.execute(select(Source.id, Source.characters))]
        codes = list(session.scalars(select(Code.id).where(Code.is_codable)))
    print("ready", flush=True)
    while True:
        source, characters = chance.choice(sources)
        start = chance.randrange(characters - 1)
        end = chance.randrange(start + 1, min(characters, start + 400) + 1)
        with project.transaction() as session:
            coding = apply_coding(session, source, chance.choice(codes), start, end, coder).created_id
            memo = None
            if chance.random() < 0.3:
                memo = add_memo(session, f"note 📝 {start}-{end}", coder, target="source", target_id=source).created_id
        sys.stdout.write(f"coding {coding}\n" + (f"memo {memo}\n" if memo is not None else ""))
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
