"""The map views' data as files: the network as CSV or GraphML, the board and the matrix as CSV.

The network is undirected by default: one row (edge) per pair of organisations, with the
passages each side says about the other (``source_to_target``, ``target_to_source``) and their
sum as ``weight``; ``directed`` gives one row per direction. Its nodes carry type, country,
position and whether the organisation was interviewed (GraphML node data; in CSV a nodes file
beside the links, ``NAME-nodes.csv``). The board's CSV lists each exemplar once, with its
interview and speaker. Each file appears whole or not at all (written beside, then renamed),
so a full disk leaves no stub."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from qcoder.analysis.code_matrix import CodeMatrix
from qcoder.analysis.collaboration_map import CollaborationMap, MapNode
from qcoder.analysis.lifecycle_board import LifecycleBoard
from qcoder.core.lifecycle.atomic_files import atomic_path
from qcoder.core.spreadsheet_csv import csv_writer

NODE_COLUMNS = ("name", "type", "category", "country", "latitude", "longitude", "interviewed",
                "mentions_made", "mentions_received")


def _node_attributes(node: MapNode) -> dict[str, object]:
    attributes: dict[str, object] = {
        "type": node.org_type or "", "category": node.category, "country": node.country or "",
        "interviewed": "" if node.interviewed is None else ("yes" if node.interviewed else "no"),
        "mentions_made": node.mentions_made, "mentions_received": node.mentions_received,
    }
    if node.lat is not None and node.lon is not None:
        attributes.update(latitude=node.lat, longitude=node.lon)
    return attributes


def undirected_links(network: CollaborationMap) -> list[tuple[str, str, int, int]]:
    """(a, b, passages a → b, passages b → a) per pair of organisations, a before b by name."""
    pairs: dict[tuple[str, str], list[int]] = {}
    for edge in network.edges:
        a, b = sorted((edge.source, edge.target), key=str.casefold)
        counts = pairs.setdefault((a, b), [0, 0])
        counts[0 if edge.source == a else 1] += edge.weight
    return [(a, b, ab, ba) for (a, b), (ab, ba) in sorted(pairs.items(), key=lambda p: (p[0][0].casefold(), p[0][1].casefold()))]


def network_graph(network: CollaborationMap, *, directed: bool = False) -> nx.Graph:
    """Undirected (one edge per pair, both directions' passages) or directed (mentioning → mentioned)."""
    graph: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    for node in network.nodes:
        graph.add_node(node.name, **_node_attributes(node))
    if directed:
        for edge in network.edges:
            graph.add_edge(edge.source, edge.target, weight=edge.weight)
    else:
        for a, b, ab, ba in undirected_links(network):
            graph.add_edge(a, b, weight=ab + ba, source_to_target=ab, target_to_source=ba)
    return graph


def nodes_path(path: Path) -> Path:
    """Where the nodes of a network CSV go: ``links.csv`` → ``links-nodes.csv``."""
    return path.with_name(f"{path.stem}-nodes{path.suffix}")


def write_network_csv(network: CollaborationMap, path: Path, *, directed: bool = False) -> None:
    """The links (undirected unless ``directed``), and the organisations in ``NAME-nodes.csv``."""
    with atomic_path(path) as temporary, temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        if directed:
            writer.writerow(["source", "target", "weight"])
            for edge in network.edges:
                writer.writerow([edge.source, edge.target, edge.weight])
        else:
            writer.writerow(["source", "target", "weight", "source_to_target", "target_to_source"])
            for a, b, ab, ba in undirected_links(network):
                writer.writerow([a, b, ab + ba, ab, ba])
    with atomic_path(nodes_path(path)) as temporary, temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(NODE_COLUMNS)
        for node in network.nodes:
            attributes = _node_attributes(node)
            writer.writerow([node.name, *(attributes.get(column, "") for column in NODE_COLUMNS[1:])])


def write_network_graphml(network: CollaborationMap, path: Path, *, directed: bool = False) -> None:
    with atomic_path(path) as temporary:  # whole or not at all (a full disk leaves no stub)
        nx.write_graphml(network_graph(network, directed=directed), temporary)


def write_board_csv(board: LifecycleBoard, path: Path) -> None:
    with atomic_path(path) as temporary, temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(["stage", "group", "name", "passages", "codings", "organisations", "organisation_names",
                         "exemplar_quote", "interview", "speaker", "flagged_by"])
        for column in board.columns:
            for item in column.items:
                counts = [column.stage, item.group, item.name, item.passages, item.codings, len(item.organisations),
                          "; ".join(item.organisations)]
                for quote in item.quotes or (None,):  # each exemplar passage once, however many coders flagged it
                    writer.writerow(counts + (
                        [quote.text, quote.source, quote.speaker, "; ".join(quote.coders)] if quote else ["", "", "", ""]
                    ))


def write_matrix_csv(matrix: CodeMatrix, path: Path) -> None:
    """Wide: one row per row code, one column per column code, cells = the chosen measure."""
    with atomic_path(path) as temporary, temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow([f"{matrix.row_group} \\ {matrix.column_group}", *matrix.columns.names])
        for row in matrix.rows.names:
            writer.writerow([row, *(matrix.value(row, column) for column in matrix.columns.names)])
