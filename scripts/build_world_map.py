"""Build ``maillage/reporting/data/world-110m.json``, the country shapes of the partners map.

Run once at development time, never by the application::

    cd /tmp && npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python scripts/build_world_map.py /tmp/package/countries-110m.json

The input is the TopoJSON of the npm package ``world-atlas`` (ISC licence, from Natural
Earth's public-domain 1:110m "Admin 0 – countries"). The output holds, for each ISO 3166-1
numeric code, one SVG path already projected (Equal Earth) into a 1000-unit-wide view box (the
shapes crossing 180° cut there), simplified (Douglas–Peucker, a quarter of a unit) and rounded
to one decimal, in relative coordinates; and the constants of the projection, so that the
server places partner cities the same way (``maillage/reporting/worldmap.py``).

Antarctica is left out: nobody partners there and it would take a fifth of the height. Shapes
without an ISO code (Kosovo, Northern Cyprus, Somaliland in Natural Earth) are kept, unnamed,
so that the map has no holes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "maillage" / "reporting" / "data" / "world-110m.json"
WIDTH = 1000.0
MARGIN = 4.0
TOLERANCE = 0.25
LEFT_OUT = {"010"}  # Antarctica
SOURCE = "world-atlas 2.0.2 countries-110m.json (ISC), Natural Earth 1:110m (public domain)"

# Equal Earth (Šavrič, Patterson, Jenny 2018); same constants in maillage/reporting/worldmap.py.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs in longitude and latitude (TopoJSON stores quantised deltas)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def clip(ring: list[tuple[float, float]], edge: float, keep_below: bool) -> list:
    """Sutherland–Hodgman against the meridian ``edge``."""
    out = []
    for i, (x2, y2) in enumerate(ring):
        x1, y1 = ring[i - 1]
        inside1 = x1 <= edge if keep_below else x1 >= edge
        inside2 = x2 <= edge if keep_below else x2 >= edge
        if inside1 != inside2:
            out.append((edge, y1 + (y2 - y1) * (edge - x1) / (x2 - x1)))
        if inside2:
            out.append((x2, y2))
    return out


def split_at_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Russia and Fiji cross 180°: a flat map draws each side on its own edge. The ring is made
    continuous (longitudes past ±180), then cut into what falls on each side."""
    if all(abs(b[0] - a[0]) <= 180 for a, b in zip(ring, ring[1:], strict=False)):
        return [ring]
    unwrapped, offset = [ring[0]], 0.0
    for (x1, _y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if x2 - x1 > 180:
            offset -= 360
        elif x1 - x2 > 180:
            offset += 360
        unwrapped.append((x2 + offset, y2))
    pieces = []
    for shift in (-360.0, 0.0, 360.0):
        piece = [(x + shift, y) for x, y in unwrapped]
        piece = clip(clip(piece, 180.0, True), -180.0, False)
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative; the ends of an arc are kept so that neighbours still meet."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, index = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            if length == 0:
                distance = math.hypot(px - x1, py - y1)
            else:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            if distance > worst:
                worst, index = distance, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def number(value: int) -> str:
    """Tenths of a unit as the shortest SVG number: 125 → "12.5", 120 → "12", -5 → "-.5"."""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    if tenth == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def join(numbers: list[str]) -> str:
    out = numbers[0]
    for n in numbers[1:]:
        out += n if n.startswith("-") else " " + n
    return out


def ring_path(ring: list[tuple[int, int]]) -> str:
    (x0, y0), rest = ring[0], ring[1:]
    deltas = []
    px, py = x0, y0
    for x, y in rest:
        deltas += [number(x - px), number(y - py)]
        px, py = x, y
    return f"M{join([number(x0), number(y0)])}l{join(deltas)}z"


def shoelace(ring: list[tuple[int, int]]) -> float:
    return (
        abs(
            sum(
                x1 * y2 - x2 * y1
                for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)
            )
        )
        / 200.0
    )


def build(source: Path) -> dict:
    raw = source.read_bytes()
    topology = json.loads(raw)
    arcs = decode_arcs(topology)

    def ring_points(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    shapes = []  # (id, rings projected)
    for g in topology["objects"]["countries"]["geometries"]:
        if g.get("id") in LEFT_OUT or not g.get("arcs"):
            continue
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        rings = [
            [equal_earth(lon, lat) for lon, lat in piece]
            for polygon in polygons
            for indexes in polygon
            for piece in split_at_antimeridian(ring_points(indexes))
        ]
        shapes.append((g.get("id"), rings))

    xs = [x for _id, rings in shapes for ring in rings for x, _y in ring]
    ys = [y for _id, rings in shapes for ring in rings for _x, y in ring]
    scale = (WIDTH - 2 * MARGIN) / (max(xs) - min(xs))
    tx = MARGIN - min(xs) * scale
    ty = MARGIN + max(ys) * scale  # SVG's y grows downward
    height = math.ceil((max(ys) - min(ys)) * scale + 2 * MARGIN)

    countries: dict[str, str] = {}
    unnamed: list[str] = []
    for shape_id, projected in shapes:
        rings = []
        for points in projected:
            view = [(tx + x * scale, ty - y * scale) for x, y in points]
            simple = simplify([*view, view[0]], TOLERANCE)
            ring = [(round(x * 10), round(y * 10)) for x, y in simple]
            ring = [p for i, p in enumerate(ring) if i == 0 or p != ring[i - 1]]
            while len(ring) > 1 and ring[0] == ring[-1]:
                ring.pop()
            if len(ring) >= 3:
                rings.append(ring)
        # Islands smaller than a quarter of a square unit are invisible; a country keeps at
        # least its largest ring so that it is never absent.
        rings.sort(key=shoelace, reverse=True)
        kept = rings[:1] + [r for r in rings[1:] if shoelace(r) >= 0.25]
        path = "".join(ring_path(r) for r in kept)
        if shape_id:
            countries[shape_id] = path
        else:
            unnamed.append(path)

    return {
        "source": SOURCE,
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "projection": "Equal Earth",
        "width": int(WIDTH),
        "height": height,
        "scale": round(scale, 4),
        "translate": [round(tx, 4), round(ty, 4)],
        "countries": dict(sorted(countries.items())),
        "unnamed": unnamed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="countries-110m.json from world-atlas@2")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args()
    data = build(args.source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{args.out}: {len(data['countries'])} countries, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
