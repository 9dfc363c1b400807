"""Golden cases: `tests/cases/NAME.txt` (a report) paired with `NAME.json` (what must be read from it).

Each JSON file says what it tests (`describes`) and lists expectations; every expected item must match some
item of the reading (strings match case-insensitively as substrings, places by distance). Lists are
"at least these", so a case pins down a phenomenon without freezing everything else.

```json
{"describes": "...", "published": "2022-04-07",
 "expect": {
   "events":  [{"type": "...", "sub_type": "...", "status": "...", "actor1": "...", "actor2": "...",
                "place": "Kyiv" | {"lat": 50.45, "lon": 30.52, "km": 30}, "precision": 2,
                "occurred": "2022-04-06", "fatalities": 4, "injured": 11}],
   "claims":  [{"speaker": "Arestovych", "stance": "asserted", "modality": "fact", "text": "Mariupol",
                "said": "2022-04-06"}],
   "tallies": [{"killed": 1480, "wounded": 2195, "bound": "at_least", "start": "2022-02-24",
                "end": "2022-04-04", "organisation": "High Commissioner"}],
   "places":  [{"text": "kyiv", "name": "Kyiv", "lat": 50.45, "lon": 30.52}],
   "times":   [{"text": "Wednesday", "start": "2022-04-06"}],
   "no_event_near": [{"lat": 38.9, "lon": -77.0, "km": 100}],
   "event_count": {"min": 1, "max": 3}},
 "known_gap": "optional: why this case fails today (the test is then a strict xfail)"}
```
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sitrep import export
from sitrep.geo import distance_km

CASES = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES.glob("**/*.txt"))  # tests/cases/heldout/: written without seeing the rules


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return distance_km(a[0], a[1], b[0], b[1])


def _has(actual: Any, wanted: str) -> bool:
    return wanted.lower() in json.dumps(actual, ensure_ascii=False).lower()


def _place_matches(place: dict[str, Any], wanted: str | dict[str, Any]) -> bool:
    if isinstance(wanted, str):
        return wanted.lower() in (place["name"].lower(), place["span"]["text"].lower())
    return km((place["lat"], place["lon"]), (wanted["lat"], wanted["lon"])) <= wanted.get("km", 30)


def _quantity_value(q: dict[str, Any] | None) -> int | None:
    return q["value"] if q else None


def event_matches(event: dict[str, Any], wanted: dict[str, Any]) -> bool:
    for key, value in wanted.items():
        if key == "place":
            ok = any(_place_matches(p, value) for p in event["places"])
        elif key == "occurred":
            ok = (
                event["occurred"] is not None
                and event["occurred"]["start"] <= value <= event["occurred"]["end"]
            )
        elif key == "precision":
            ok = any(p["precision"] == value for p in event["places"])
        elif key in ("fatalities", "injured"):
            ok = _quantity_value(event[key]) == value
        else:
            ok = _has(event.get(key), value)
        if not ok:
            return False
    return True


def claim_matches(claim: dict[str, Any], wanted: dict[str, Any]) -> bool:
    for key, value in wanted.items():
        if key == "said":
            ok = claim["said"] is not None and claim["said"]["start"] == value
        elif key in ("stance", "modality"):
            ok = claim[key] == value
        else:
            ok = _has(claim.get(key), value)
        if not ok:
            return False
    return True


def tally_matches(tally: dict[str, Any], wanted: dict[str, Any]) -> bool:
    counts = {q["category"]: q for q in tally["counts"]}
    for key, value in wanted.items():
        if key in ("killed", "wounded", "missing", "displaced", "detained"):
            ok = key in counts and counts[key]["value"] == value
        elif key == "bound":
            ok = any(q["bound"] == value for q in tally["counts"])
        elif key in ("start", "end"):
            ok = tally["period"][key] == value
        else:
            ok = _has(tally.get(key), value)
        if not ok:
            return False
    return True


def place_matches(place: dict[str, Any], wanted: dict[str, Any]) -> bool:
    if "text" in wanted and place["span"]["text"].lower() != wanted["text"].lower():
        return False
    if "name" in wanted and place["name"].lower() != wanted["name"].lower():
        return False
    return "lat" not in wanted or _place_matches(place, wanted)


def time_matches(ref: dict[str, Any], wanted: dict[str, Any]) -> bool:
    return all(str(ref.get(k, "")).lower() == str(v).lower() for k, v in wanted.items())


MATCHERS = {
    "events": event_matches,
    "claims": claim_matches,
    "tallies": tally_matches,
    "places": place_matches,
    "times": time_matches,
}


def check_case(reading: dict[str, Any], expect: dict[str, Any]) -> list[str]:
    """Every unmet expectation, as a readable line."""
    problems = []
    for section, matcher in MATCHERS.items():
        for wanted in expect.get(section, []):
            if not any(matcher(item, wanted) for item in reading[section]):
                problems.append(f"no {section[:-1]} matching {wanted}")
    for where in expect.get("no_event_near", []):
        for event in reading["events"]:
            if any(_place_matches(p, where) for p in event["places"]):
                problems.append(f"event {event['sub_type']} placed near {where}")
    count = expect.get("event_count")
    if count and not count.get("min", 0) <= len(reading["events"]) <= count.get("max", 10**6):
        problems.append(f"{len(reading['events'])} events, expected {count}")
    return problems


def _case_param(case: Path) -> Any:
    """A case whose JSON names a `known_gap` documents a weakness: it must keep failing until fixed."""
    spec_path = case.with_suffix(".json")
    gap = json.loads(spec_path.read_text(encoding="utf-8")).get("known_gap") if spec_path.exists() else None
    marks = [pytest.mark.xfail(reason=gap, strict=True)] if gap else []
    return pytest.param(case, id=case.relative_to(CASES).with_suffix("").as_posix(), marks=marks)


@pytest.mark.parametrize("case", [_case_param(c) for c in CASE_FILES])
def test_golden_case(case: Path, read_report: Any) -> None:
    spec = json.loads(case.with_suffix(".json").read_text(encoding="utf-8"))
    assert spec.get("describes"), f"{case.name}: say what the case tests in 'describes'"
    published = date.fromisoformat(spec["published"]) if spec.get("published") else None
    reading = export.reading_json(read_report(case.read_text(encoding="utf-8"), published=published))
    problems = check_case(reading, spec["expect"])
    assert not problems, f"{case.name} ({spec['describes']}):\n  " + "\n  ".join(problems)


def test_every_case_has_expectations() -> None:
    assert CASE_FILES, "no golden cases in tests/cases"
    for case in CASE_FILES:
        assert case.with_suffix(".json").exists(), f"{case.name} has no expected .json"
