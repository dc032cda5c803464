"""The force-directed layout of the collaboration network (numpy only, no networkx/scipy)."""

import math

from qcoder.analysis.force_layout import force_layout


def test_linked_organisations_end_closer_than_unlinked_ones_and_the_layout_is_repeatable():
    nodes = ["A", "B", "C", "D", "E", "F"]
    edges = {("A", "B"): 5.0, ("B", "C"): 5.0, ("A", "C"): 5.0, ("D", "E"): 5.0, ("E", "F"): 5.0}
    first = force_layout(nodes, edges)
    assert first == force_layout(nodes, edges)
    assert set(first) == set(nodes)
    assert all(-1.0 <= value <= 1.0 for point in first.values() for value in point)

    def distance(a: str, b: str) -> float:
        return math.dist(first[a], first[b])

    inside = max(distance("A", "B"), distance("B", "C"), distance("D", "E"))
    across = min(distance(a, b) for a in "ABC" for b in "DEF")
    assert inside < across


def test_empty_and_single_graphs():
    assert force_layout([], {}) == {}
    assert force_layout(["Only"], {}) == {"Only": (0.0, 0.0)}


def test_a_graph_of_600_nodes_needs_no_scipy():
    nodes = [f"n{i}" for i in range(600)]
    edges = {(f"n{i}", f"n{i + 1}"): 1.0 for i in range(599)}
    assert len(force_layout(nodes, edges, iterations=5)) == 600
