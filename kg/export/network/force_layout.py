"""Where each node of a network is drawn: a deterministic force-directed layout, so that
Gephi, Cytoscape, Graphviz and the HTML page open on the same picture."""

from __future__ import annotations

import math

import networkx as nx


def layout(graph: nx.MultiDiGraph, size: float = 1000.0) -> dict[str, tuple[float, float]]:
    """Deterministic positions in a ``size``-wide box centred on 0, so Gephi, Cytoscape and
    the HTML page open on the same picture rather than a random scatter: a force-directed
    layout (heavier edges pull harder), radii evened out so a dense core does not crowd
    into the middle, then nodes closer than a minimum gap pushed apart."""
    nodes = sorted(graph.nodes, key=lambda n: (-_load(graph.nodes[n]), n))
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    springs: dict[tuple[int, int], float] = {}
    for source, target, weight in graph.edges(data="weight", default=1):
        pair = tuple(sorted((index[source], index[target])))
        if pair[0] != pair[1]:
            springs[pair] = springs.get(pair, 0.0) + float(weight)
    points = _force_directed(len(nodes), springs, size)
    points = _separate(_even_out_radii(points, size), size)
    scale = (size / 2) / max(max(abs(value) for point in points for value in point), 1e-9)
    return {node: (round(points[i][0] * scale, 2), round(points[i][1] * scale, 2)) for node, i in index.items()}


def _force_directed(count: int, springs: dict[tuple[int, int], float], size: float) -> list[tuple[float, float]]:
    """Fruchterman–Reingold from a circle (heaviest node first), with a little gravity."""
    x = [math.cos(2 * math.pi * i / count) * size / 3 for i in range(count)]
    y = [math.sin(2 * math.pi * i / count) * size / 3 for i in range(count)]
    ideal = size / math.sqrt(count) / 2
    iterations = max(20, min(300, 4_000_000 // (count * count)))
    temperature = size / 10
    for _ in range(iterations):
        dx, dy = [0.0] * count, [0.0] * count
        for i in range(count):
            for j in range(i + 1, count):
                ddx, ddy = x[i] - x[j], y[i] - y[j]
                distance = max(math.hypot(ddx, ddy), 0.01)
                push = ideal * ideal / distance / distance
                dx[i] += ddx * push
                dy[i] += ddy * push
                dx[j] -= ddx * push
                dy[j] -= ddy * push
        for (i, j), weight in springs.items():
            ddx, ddy = x[i] - x[j], y[i] - y[j]
            pull = math.hypot(ddx, ddy) / ideal * (1 + math.log(weight)) / 4
            dx[i] -= ddx * pull
            dy[i] -= ddy * pull
            dx[j] += ddx * pull
            dy[j] += ddy * pull
        for i in range(count):
            dx[i] -= x[i] * 0.05  # gravity keeps lone nodes in the picture
            dy[i] -= y[i] * 0.05
            moved = max(math.hypot(dx[i], dy[i]), 0.01)
            x[i] += dx[i] / moved * min(moved, temperature)
            y[i] += dy[i] / moved * min(moved, temperature)
        temperature = max(temperature * 0.97, 1.0)
    return list(zip(x, y))


def _even_out_radii(points: list[tuple[float, float]], size: float) -> list[tuple[float, float]]:
    """Keep each node's direction from the centre but give the k-th nearest the radius
    that spreads the nodes evenly over a disc."""
    count = len(points)
    centre_x = sum(x for x, _ in points) / count
    centre_y = sum(y for _, y in points) / count
    polar = sorted(
        (math.hypot(x - centre_x, y - centre_y), math.atan2(y - centre_y, x - centre_x), i)
        for i, (x, y) in enumerate(points)
    )
    spread = [(0.0, 0.0)] * count
    for rank, (_, angle, i) in enumerate(polar):
        radius = size / 2 * math.sqrt((rank + 0.5) / count)
        spread[i] = (radius * math.cos(angle), radius * math.sin(angle))
    return spread


def _separate(points: list[tuple[float, float]], size: float, rounds: int = 60) -> list[tuple[float, float]]:
    """Push apart nodes closer than a gap that leaves room for their labels."""
    x, y = [p[0] for p in points], [p[1] for p in points]
    gap = size / math.sqrt(len(points)) * 0.45
    for _ in range(rounds):
        moved = False
        for i in range(len(points)):
            for j in range(i + 1, len(points)):
                ddx, ddy = x[i] - x[j], y[i] - y[j]
                distance = math.hypot(ddx, ddy)
                if distance >= gap:
                    continue
                if distance < 1e-6:
                    ddx, ddy, distance = 1.0, 0.0, 1.0
                push = (gap - distance) / 2 / distance
                x[i] += ddx * push
                y[i] += ddy * push
                x[j] -= ddx * push
                y[j] -= ddy * push
                moved = True
        if not moved:
            break
    return list(zip(x, y))


def _load(attributes: dict) -> int:
    return int(attributes.get("led", 0)) + int(attributes.get("joined", 0)) + int(attributes.get("units", 0))
