"""The map views' data as files: the network as CSV or GraphML, the board and the matrix as CSV.

Each file appears whole or not at all (written beside, then renamed), so a full disk leaves no stub."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from qcoder.analysis.code_matrix import CodeMatrix
from qcoder.analysis.collaboration_map import CollaborationMap
from qcoder.analysis.lifecycle_board import LifecycleBoard
from qcoder.core.atomic_files import atomic_path
from qcoder.core.spreadsheet_csv import csv_writer


def network_graph(network: CollaborationMap) -> nx.DiGraph:
    """A directed graph: an edge from the mentioning organisation to the mentioned one."""
    graph = nx.DiGraph()
    for node in network.nodes:
        attributes = {
            "type": node.org_type or "", "category": node.category, "country": node.country or "",
            "interviewed": "" if node.interviewed is None else ("yes" if node.interviewed else "no"),
            "mentions_made": node.mentions_made, "mentions_received": node.mentions_received,
        }
        if node.lat is not None and node.lon is not None:
            attributes.update(latitude=node.lat, longitude=node.lon)
        graph.add_node(node.name, **attributes)
    for edge in network.edges:
        graph.add_edge(edge.source, edge.target, weight=edge.weight)
    return graph


def write_network_csv(network: CollaborationMap, path: Path) -> None:
    with atomic_path(path) as temporary, temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(["source", "target", "weight"])
        for edge in network.edges:
            writer.writerow([edge.source, edge.target, edge.weight])


def write_network_graphml(network: CollaborationMap, path: Path) -> None:
    with atomic_path(path) as temporary:  # whole or not at all (a full disk leaves no stub)
        nx.write_graphml(network_graph(network), temporary)


def write_board_csv(board: LifecycleBoard, path: Path) -> None:
    with atomic_path(path) as temporary, temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow(["stage", "group", "name", "passages", "organisations", "organisation_names", "exemplar_quotes"])
        for column in board.columns:
            for item in column.items:
                writer.writerow([
                    column.stage, item.group, item.name, item.passages, len(item.organisations),
                    "; ".join(item.organisations), " | ".join(e.text for e in item.exemplars),
                ])


def write_matrix_csv(matrix: CodeMatrix, path: Path) -> None:
    """Wide: one row per row code, one column per column code, cells = the chosen measure."""
    with atomic_path(path) as temporary, temporary.open("w", newline="", encoding="utf-8") as handle:
        writer = csv_writer(handle)
        writer.writerow([f"{matrix.row_group} \\ {matrix.column_group}", *matrix.columns.names])
        for row in matrix.rows.names:
            writer.writerow([row, *(matrix.value(row, column) for column in matrix.columns.names)])
