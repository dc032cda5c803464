"""``qcoder case``, ``cases`` and ``map``: organisations and the collaboration map without a window.

Images (PNG, SVG) are painted with Qt, imported only when an image is asked for; CSV and
GraphML need no Qt.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qcoder.cli.context import CommandError, open_for_reading, open_for_writing, print_json, say
from qcoder.core.lifecycle.output_targets import check_output_target
from qcoder.core.usecases.commands.cases import ensure_case, link_source, set_attribute_value
from qcoder.core.usecases.commands.organisations import set_organisation
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.organisations import ORG_TYPES, list_organisations
from qcoder.core.usecases.queries.sources import find_source, list_sources
from qcoder.core.wording import counted

VIEWS = ("network", "lifecycle", "matrix")
FORMATS = ("png", "svg", "csv", "graphml")


def register(commands: argparse._SubParsersAction) -> None:
    case = commands.add_parser("case", help="create or update a case (an organisation with --type, --country…)")
    case.add_argument("project")
    case.add_argument("name")
    case.add_argument("--type", dest="org_type", help=f"organisation type: {'; '.join(ORG_TYPES)} (or sme, large, public, nonprofit)")
    case.add_argument("--country", help="places the organisation at the country's centre unless --lat/--lon are given")
    case.add_argument("--lat", type=float)
    case.add_argument("--lon", type=float)
    case.add_argument("--interviewed", choices=("yes", "no"))
    case.add_argument("--organisation", action="store_true", help="make it an organisation even without attributes")
    case.add_argument("--attr", action="append", default=[], metavar="KEY=VALUE",
                      help="set any case attribute, e.g. 'governance model=Single-company project' "
                           "(repeatable; KEY= clears it)")
    case.add_argument("--source", action="append", default=[], help="link a source (repeatable)")
    case.add_argument("--coder")
    case.set_defaults(run=run_case)

    cases = commands.add_parser("cases", help="list cases with their attributes and sources")
    cases.add_argument("project")
    cases.add_argument("--json", action="store_true")
    cases.set_defaults(run=run_cases)

    view = commands.add_parser("map", help="render the collaboration map, lifecycle board or matrix to a file")
    view.add_argument("project")
    view.add_argument("--view", choices=VIEWS, default="network")
    view.add_argument("--out", required=True, help="F.png, F.svg, F.csv or F.graphml (network only)")
    view.add_argument("--with-code", action="append", default=[], metavar="PATH",
                      help="only mentions coded together with this code or one below it (repeatable: all must hold)")
    view.add_argument("--coder", help="only this coder's codings")
    view.add_argument("--attribute", action="append", default=[], metavar="NAME=VALUE",
                      help="network: only mentions made by organisations with this type, country, "
                           "interviewed (yes/no) or category (repeatable)")
    view.add_argument("--unit", choices=("overlap", "turn", "source"), default="overlap",
                      help="what 'coded together' means (default: overlapping spans)")
    view.add_argument("--layout", choices=("geographic", "force"), default="geographic")
    view.add_argument("--rows", help="matrix rows: a code group (default: the board's stage group)")
    view.add_argument("--columns", help="matrix columns: a code group (default: the board's first item group)")
    view.add_argument("--measure", choices=("passages", "codings", "organisations"), default="passages",
                      help="passages: distinct coded spans, once however many coders coded them (default); "
                           "codings: one per coder and passage; organisations")
    view.add_argument("--consensus", metavar="all|K",
                      help="only passages coded (with the same code) by all coders, or by at least K")
    view.add_argument("--stage-group", metavar="PATH",
                      help="lifecycle board: the group whose codes are the columns (default: the study's stages)")
    view.add_argument("--item-group", action="append", metavar="PATH",
                      help="lifecycle board: a group whose codes fill the columns (repeatable; default: on-ramps, "
                           "challenges)")
    view.add_argument("--width", type=int, default=1600, help="image width in pixels")
    view.add_argument("--inset", metavar="REGION",
                      help="network image (geographic): a dense region magnified under the map — auto (the "
                           "densest), europe, north-america, east-asia or WEST,EAST,SOUTH,NORTH degrees")
    view.add_argument("--directed", action="store_true",
                      help="network CSV/GraphML: one row per direction (default: one per link, with both "
                           "directions' passages)")
    view.set_defaults(run=run_map)


def run_case(options: argparse.Namespace) -> int:
    if (options.lat is None) != (options.lon is None):
        raise CommandError("give both --lat and --lon, or neither")
    attributes = [_key_value(text) for text in options.attr]
    organisation = options.organisation or any(
        value is not None for value in (options.org_type, options.country, options.lat, options.interviewed)
    )
    with open_for_writing(options.project, options.coder) as project, project.transaction() as session:
        if organisation:
            changes = set_organisation(
                session, options.name, org_type=options.org_type, country=options.country,
                lat=options.lat, lon=options.lon,
                interviewed=None if options.interviewed is None else options.interviewed == "yes",
            )
        else:
            changes = ensure_case(session, options.name)
        case_id = changes.created_id
        assert case_id is not None
        for source in options.source:
            link_source(session, case_id, find_source(session, source))
        for key, value in attributes:
            set_attribute_value(session, "case", case_id, key, value)
    for message in changes.messages:
        say(message)
    say(f"case '{options.name}' saved" + (f", linked to {counted(len(options.source), 'source')}" if options.source else "")
        + (f", {counted(len(attributes), 'attribute')} set" if attributes else ""))
    return 0


def run_cases(options: argparse.Namespace) -> int:
    with open_for_reading(options.project) as project, project.reading() as session:
        cases = list_cases(session)
        organisations = {o.case_id: o for o in list_organisations(session)}
        sources = {s.id: s.name for s in list_sources(session)}
    rows = []
    for case in cases:
        row: dict[str, object] = {
            "name": case.name, "guid": case.guid, "description": case.description,
            "sources": [sources[i] for i in case.source_ids], "attributes": dict(case.attributes),
            "organisation": case.id in organisations,
        }
        organisation = organisations.get(case.id)
        if organisation is not None:
            row.update(
                type=organisation.org_type, country=organisation.country, lat=organisation.lat,
                lon=organisation.lon, interviewed=organisation.interviewed, category=organisation.category,
            )
        rows.append(row)
    if options.json:
        print_json(rows)
    else:
        for row in rows:
            extra = f" [{row.get('category')}, {row.get('country') or '?'}]" if row["organisation"] else ""
            print(f"{row['name']}{extra}: {len(row['sources'])} source(s)")  # type: ignore[arg-type]  # an organisation row's sources is a list
    return 0


def run_map(options: argparse.Namespace) -> int:
    out = Path(options.out)
    suffix = out.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise CommandError(f"cannot write '{out.name}': use .png, .svg, .csv or .graphml")
    if suffix == "graphml" and options.view != "network":
        raise CommandError("only the network view exports to GraphML")
    if not out.parent.exists():
        raise CommandError(f"the folder {out.parent} does not exist")
    check_output_target(out)
    if not 200 <= options.width <= 12000:
        raise CommandError("--width must be between 200 and 12000 pixels")
    if options.inset is not None and (options.view != "network" or options.layout != "geographic"
                                      or suffix not in ("png", "svg")):
        raise CommandError("--inset is for a network image (.png or .svg) in the geographic layout")
    if options.inset is not None:
        from qcoder.ui.map.map_inset import parse_inset

        parse_inset(options.inset)  # a bad region is told before the project is read
    data = _view_data(options)
    if suffix in ("csv", "graphml"):
        from qcoder.analysis import map_export

        writer = {
            ("network", "csv"): map_export.write_network_csv,
            ("network", "graphml"): map_export.write_network_graphml,
            ("lifecycle", "csv"): map_export.write_board_csv,
            ("matrix", "csv"): map_export.write_matrix_csv,
        }[(options.view, suffix)]
        if options.view == "network":
            writer(data, out, directed=options.directed)  # type: ignore[operator]  # the writer picked by view fits that view's data
            if suffix == "csv":
                say(f"wrote the organisations to {map_export.nodes_path(out)}")
        else:
            writer(data, out)  # type: ignore[operator]  # the writer picked by view fits that view's data
    else:
        from qcoder.ui.map.figure_export import export_figure

        export_figure(options.view, data, out, width=options.width, layout=options.layout, inset=options.inset)
    say(f"wrote {out}")
    return 0


def _view_data(options: argparse.Namespace) -> object:
    from qcoder.analysis.consensus import parse_consensus

    consensus = parse_consensus(options.consensus)
    with open_for_reading(options.project) as project, project.reading() as session:
        if options.view == "network":
            from qcoder.analysis.collaboration_map import MapFilters, build_collaboration_map

            filters = MapFilters(
                with_codes=tuple(options.with_code), coder=options.coder, unit=options.unit,
                attributes=tuple(_attribute(text) for text in options.attribute), consensus=consensus,
            )
            return build_collaboration_map(session, filters)
        if options.with_code or options.attribute:
            raise CommandError("--with-code and --attribute filter the network view only")
        if options.view == "lifecycle":
            from qcoder.analysis.lifecycle_board import build_lifecycle_board

            board = build_lifecycle_board(session, coder=options.coder, unit=options.unit, consensus=consensus,
                                          stage_group=options.stage_group, item_groups=options.item_group)
            for warning in board.warnings:
                say(f"warning: {warning}")
            return board
        from qcoder.analysis.code_matrix import build_code_matrix

        return build_code_matrix(
            session, options.rows, options.columns, measure=options.measure, coder=options.coder, unit=options.unit,
            consensus=consensus,
        )


def _key_value(text: str) -> tuple[str, str | None]:
    """``KEY=VALUE`` of ``--attr`` (an empty value clears the attribute)."""
    key, separator, value = text.partition("=")
    if not separator or not key.strip():
        raise CommandError(f"--attr '{text}': write KEY=VALUE, e.g. --attr 'governance model=Multi-company project'")
    return key.strip(), value.strip() or None


def _attribute(text: str) -> tuple[str, str]:
    name, separator, value = text.partition("=")
    if not separator or name.strip() not in ("type", "country", "interviewed", "category"):
        raise CommandError(f"--attribute '{text}': use type=…, country=…, interviewed=yes|no or category=…")
    value = value.strip()
    if name.strip() == "type":
        from qcoder.core.usecases.queries.organisations import normalise_org_type

        value = normalise_org_type(value)
    return name.strip(), value
