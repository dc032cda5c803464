"""``qcoder screenshot P --out F.png``: the window rendered offscreen (for the README and tests)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from qcoder.cli.context import CommandError, open_for_reading, say
from qcoder.core.lifecycle.output_targets import check_output_target
from qcoder.core.team.server_url import is_server_url


def register(commands: argparse._SubParsersAction) -> None:
    shot = commands.add_parser("screenshot", help="render the window offscreen into a PNG")
    shot.add_argument("project")
    shot.add_argument("--out", required=True)
    shot.add_argument("--source", help="the source to show (default: the most coded one)")
    shot.add_argument("--view", choices=("workbench", "map"), default="workbench")
    shot.add_argument("--size", default="1440x900", metavar="WIDTHxHEIGHT",
                      help="the window's size in pixels (default 1440x900; 1366x768 is a small laptop)")
    shot.set_defaults(run=run_screenshot)


def run_screenshot(options: argparse.Namespace) -> int:
    out = Path(options.out)
    if out.suffix.lower() != ".png":
        raise CommandError("the screenshot is a PNG: give --out a .png file name")
    if not out.parent.exists():
        raise CommandError(f"the folder {out.parent} does not exist")
    try:
        width, height = (int(part) for part in options.size.lower().split("x"))
    except ValueError:
        raise CommandError("--size is WIDTHxHEIGHT, e.g. 1366x768") from None
    if not (200 <= width <= 10000 and 200 <= height <= 10000):
        raise CommandError("--size: each side between 200 and 10000 pixels")
    check_output_target(out)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qcoder.ui.screenshot import render_screenshot

    if is_server_url(options.project):
        render_screenshot(open_for_reading(options.project), out, source=options.source, view=options.view,
                          size=(width, height))
    else:
        render_screenshot(Path(options.project), out, source=options.source, view=options.view, size=(width, height))
    say(f"wrote {out}")
    return 0
