"""The offline base map: Natural Earth's 1:110m country outlines (public domain), made small.

`static/world.geojson` is package data built by `write_basemap` from the copy in the shared data folder:
only the country name is kept, coordinates are rounded to `digits` decimals and points that rounding makes
repeat are dropped. Run `python -m sitrep.web.basemap SOURCE` to rebuild it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BASEMAP_PATH = Path(__file__).parent / "static" / "world.geojson"
Ring = list[list[float]]


def _ring(points: Sequence[Sequence[float]], digits: int) -> Ring:
    out: Ring = []
    for point in points:
        rounded = [round(float(point[0]), digits), round(float(point[1]), digits)]
        if not out or rounded != out[-1]:
            out.append(rounded)
    return out


def _polygon(rings: Sequence[Sequence[Sequence[float]]], digits: int) -> list[Ring]:
    # a ring needs four points (the last repeats the first) to stay a polygon
    return [r for r in (_ring(ring, digits) for ring in rings) if len(r) >= 4]


def simplify_geometry(geometry: dict[str, Any], *, digits: int) -> dict[str, Any] | None:
    """The geometry with rounded coordinates, or `None` when nothing of it is left at that precision."""
    kind = geometry.get("type")
    if kind == "Polygon":
        rings = _polygon(geometry["coordinates"], digits)
        return {"type": "Polygon", "coordinates": rings} if rings else None
    if kind == "MultiPolygon":
        polygons = [p for p in (_polygon(poly, digits) for poly in geometry["coordinates"]) if p]
        return {"type": "MultiPolygon", "coordinates": polygons} if polygons else None
    return None


def simplify_countries(source: dict[str, Any], *, digits: int = 2) -> dict[str, Any]:
    """A FeatureCollection of countries, each with only `name` and its rounded outline."""
    features = []
    for feature in source.get("features", []):
        geometry = simplify_geometry(feature.get("geometry") or {}, digits=digits)
        if geometry is None:
            continue
        name = (feature.get("properties") or {}).get("NAME") or ""
        features.append({"type": "Feature", "properties": {"name": name}, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def write_basemap(source: Path, *, target: Path = BASEMAP_PATH, digits: int = 2) -> int:
    """Build the base map file from Natural Earth's GeoJSON; returns its size in bytes."""
    data = simplify_countries(json.loads(source.read_text(encoding="utf-8")), digits=digits)
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    target.write_text(text, encoding="utf-8")
    return len(text.encode())


if __name__ == "__main__":
    print(write_basemap(Path(sys.argv[1])), "bytes")
