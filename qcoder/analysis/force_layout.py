"""A force-directed (Fruchterman–Reingold) layout of a small weighted graph, with numpy.

networkx's ``spring_layout`` needs numpy as well, and from 500 nodes on it switches to a solver
that needs scipy; this one is dense at every size, deterministic for a seed, and needs only numpy
(a runtime dependency)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np


def force_layout(
    nodes: Sequence[str],
    edges: Mapping[tuple[str, str], float],
    *,
    k: float | None = None,
    iterations: int = 200,
    seed: int = 7,
) -> dict[str, tuple[float, float]]:
    """Each node's position in [-1, 1]²: linked nodes pull (by weight), all nodes push apart."""
    count = len(nodes)
    if count == 0:
        return {}
    if count == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {name: i for i, name in enumerate(nodes)}
    attraction = np.zeros((count, count))
    for (a, b), weight in edges.items():
        if a in index and b in index and a != b:
            attraction[index[a], index[b]] += weight
            attraction[index[b], index[a]] += weight
    strength = k if k is not None else 1.0 / np.sqrt(count)
    positions = np.random.default_rng(seed).random((count, 2))
    temperature = 0.1 * float(np.ptp(positions, axis=0).max())
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        delta = positions[:, np.newaxis, :] - positions[np.newaxis, :, :]
        distance = np.clip(np.linalg.norm(delta, axis=-1), 0.01, None)
        force = strength * strength / distance**2 - attraction * distance / strength
        displacement = np.einsum("ijk,ij->ik", delta, force)
        length = np.linalg.norm(displacement, axis=-1)
        length = np.where(length < 0.01, 0.1, length)
        step = displacement * (temperature / length)[:, np.newaxis]
        positions += step
        temperature -= cooling
        if np.linalg.norm(step) / count < 1e-4:
            break
    positions -= positions.mean(axis=0)
    scale = float(np.abs(positions).max()) or 1.0
    positions /= scale
    return {name: (float(x), float(y)) for name, (x, y) in zip(nodes, positions)}
