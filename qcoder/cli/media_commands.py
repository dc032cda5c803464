"""``qcoder media``: link a transcript to its recording, or remove the link."""

from __future__ import annotations

import argparse
from pathlib import Path

from qcoder.cli.context import CommandError, open_for_writing, say
from qcoder.core.media_paths import media_kind, resolve_media_path, stored_media_path
from qcoder.core.usecases.media import MediaLink, link_media, media_of, unlink_media
from qcoder.core.usecases.sources import find_source
from qcoder.io.media_probe import media_duration_ms


def register(commands: argparse._SubParsersAction) -> None:
    media = commands.add_parser("media", help="link a source to its audio or video recording (or --unlink)")
    media.add_argument("project")
    media.add_argument("source", help="the source's name or GUID")
    media.add_argument("file", nargs="?", help="the recording: wav, mp3, m4a, ogg, flac, mp4, webm, mov")
    media.add_argument("--unlink", action="store_true", help="remove the source's link to its recording")
    media.set_defaults(run=run_media)


def run_media(options: argparse.Namespace) -> int:
    if options.unlink == bool(options.file):
        raise CommandError("give the recording's file, or --unlink (not both)")
    with open_for_writing(options.project) as project:
        with project.reading() as session:
            source_id = find_source(session, options.source)
        if options.unlink:
            with project.transaction() as session:
                had = media_of(session, source_id)
                unlink_media(session, source_id)
            say(f"{options.source}: no recording linked" if had is None else f"{options.source}: unlinked {had.path}")
            return 0
        file = Path(options.file)
        kind = media_kind(file)
        if kind is None:
            raise CommandError(f"{file.name} is not a recording qcoder can play (wav, mp3, m4a, ogg, flac, mp4, webm, mov)")
        duration = media_duration_ms(file)
        stored = stored_media_path(project.path, file)
        with project.transaction() as session:
            link_media(session, MediaLink(source_id, stored, kind, duration))
    found = resolve_media_path(project.path, stored)
    length = "" if duration is None else f", {duration / 1000:.1f} s"
    say(f"{options.source}: linked {kind} {stored}{length} ({found})")
    return 0
