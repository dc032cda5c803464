"""One coder in a process of their own, for the concurrency tests (``python -m tests.server.coding_worker``).

Opens the server project as ``--coder``, waits for the common start time, tries to create the
code ``--shared-code`` (another process tries too), then applies ``--count`` codings, each in
its own transaction as the window does, and prints one JSON line of what it did.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--coder", required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--sources", required=True, help="comma-separated source ids")
    parser.add_argument("--codes", required=True, help="comma-separated code ids")
    parser.add_argument("--start-at", type=float, required=True)
    parser.add_argument("--shared-code", required=True)
    args = parser.parse_args(argv)
    sources = [int(s) for s in args.sources.split(",")]
    codes = [int(c) for c in args.codes.split(",")]
    with Project.open(args.url, coder_name=args.coder) as project:
        coder_id = project.coder_id()
        time.sleep(max(0.0, args.start_at - time.time()))
        try:
            shared = project.write(add_code, args.shared_code).created_id
            refused = None
        except QcoderError as error:
            shared, refused = None, str(error)
        began = time.perf_counter()
        applied = 0
        for i in range(args.count):
            source = sources[i % len(sources)]
            code = codes[(i // len(sources)) % len(codes)]
            start = i // (len(sources) * len(codes))
            project.write(apply_coding, source, code, start, start + 5 + i % 7, coder_id)
            applied += 1
        seconds = time.perf_counter() - began
    print(json.dumps({"coder": args.coder, "applied": applied, "shared": shared, "refused": refused,
                      "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
