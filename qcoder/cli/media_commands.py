"""``qcoder media``: link a transcript to its recording, keep a copy inside the project, or unlink."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcoder.cli.context import CommandError, open_for_writing, say
from qcoder.core.lifecycle.project import Project
from qcoder.core.media_paths import media_kind, resolve_media_path, stored_media_path
from qcoder.core.usecases.commands.media import drop_embedded_media, embed_media, link_media, unlink_media
from qcoder.core.usecases.queries.media import MAX_EMBEDDED_BYTES, MediaLink, media_of
from qcoder.core.usecases.queries.sources import find_source
from qcoder.io.media_probe import media_duration_ms


def register(commands: argparse._SubParsersAction) -> None:
    media = commands.add_parser("media", help="link a source to its audio or video recording (or --unlink)")
    media.add_argument("project")
    media.add_argument("source", help="the source's name or GUID")
    media.add_argument("file", nargs="?", help="the recording: wav, mp3, m4a, ogg, flac, mp4, webm, mov")
    media.add_argument("--unlink", action="store_true", help="remove the source's link to its recording")
    keep = media.add_mutually_exclusive_group()
    keep.add_argument("--embed", action="store_true",
                      help="also keep a copy of the recording inside the project file (it travels with it)")
    keep.add_argument("--no-embed", action="store_true", help="stop keeping a copy inside the project")
    media.add_argument("--coder", help="your name as a coder (a project file; on a team server you are your login)")
    media.set_defaults(run=run_media)


def run_media(options: argparse.Namespace) -> int:
    if options.unlink and (options.file or options.embed or options.no_embed):
        raise CommandError("--unlink takes no recording file and no --embed/--no-embed")
    if not (options.unlink or options.file or options.embed or options.no_embed):
        raise CommandError("give the recording's file, --embed, --no-embed or --unlink")
    with open_for_writing(options.project, options.coder) as project:
        with project.reading() as session:
            source_id = find_source(session, options.source)
        if options.unlink:
            with project.transaction() as session:
                had = media_of(session, source_id)
                unlink_media(session, source_id)
            say(f"{options.source}: no recording linked" if had is None else f"{options.source}: unlinked {had.path}")
            return 0
        if options.file:
            _link(project, source_id, Path(options.file), options.source)
        with project.reading() as session:
            link = media_of(session, source_id)
        if options.no_embed:
            with project.transaction() as session:
                drop_embedded_media(session, source_id)
            say(f"{options.source}: no copy of the recording kept in the project (still linked)")
        elif options.embed:
            if link is None:
                raise CommandError(f"{options.source} has no recording linked: give its file")
            _embed(project, source_id, resolve_media_path(project.path, link.path), options.source)
    return 0


def _link(project: Project, source_id: int, file: Path, label: str) -> None:
    kind = media_kind(file)
    if kind is None:
        raise CommandError(f"{file.name} is not a recording qcoder can play (wav, mp3, m4a, ogg, flac, mp4, webm, mov)")
    duration = media_duration_ms(file)
    stored = stored_media_path(project.path, file)
    with project.transaction() as session:
        link_media(session, MediaLink(source_id, stored, kind, duration))
    length = "" if duration is None else f", {duration / 1000:.1f} s"
    say(f"{label}: linked {kind} {stored}{length} ({resolve_media_path(project.path, stored)})")


def _embed(project: Project, source_id: int, file: Path, label: str) -> None:
    try:
        size = file.stat().st_size
        if size > MAX_EMBEDDED_BYTES:
            raise CommandError(f"the recording is {size // 2**20} MB; qcoder keeps copies of up to "
                               f"{MAX_EMBEDDED_BYTES // 2**20} MB inside a project (it stays linked)")
        data = file.read_bytes()
    except OSError as error:
        raise CommandError(f"the recording cannot be read ({error.strerror}): {file}") from None
    with project.transaction() as session:
        embed_media(session, source_id, data)
    say(f"{label}: a copy of the recording ({size / 2**20:.1f} MB) is kept in the project")
