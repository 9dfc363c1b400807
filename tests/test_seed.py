"""The sample story the project was specified from, read end to end (DESIGN.md, "The seed, read")."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from sitrep import export
from tests.conftest import SHARED_DATA, shared_file

SEED = "seed/000_5e680d9b4fe7175f.txt"


@pytest.fixture(scope="module")
def seed_reading(read_report: Any) -> dict[str, Any]:
    path = shared_file(SEED)
    return export.reading_json(read_report(path.read_text(encoding="utf-8"), source=str(path)))


@pytest.mark.reference
def test_seed_passes_the_shared_checker(seed_reading: dict[str, Any]) -> None:
    checker = SHARED_DATA.parent / "tools" / "check_seed_reading.py"
    if not checker.exists():
        pytest.skip("../shared/tools/check_seed_reading.py not found")
    result = subprocess.run(
        [sys.executable, str(checker)],
        input=json.dumps(seed_reading),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.reference
def test_seed_dates_and_dateline(seed_reading: dict[str, Any]) -> None:
    article = seed_reading["article"]
    assert (article["published"], article["dateline"]) == ("2022-04-07", "Washington")
    assert article["text"].startswith("All remaining Russian troops around kyiv")
    withdrawals = [e for e in seed_reading["events"] if e["sub_type"] == "Non-violent transfer of territory"]
    assert {p["name"] for e in withdrawals for p in e["places"]} == {"Kyiv", "Chernihiv"}
    assert all(e["occurred"]["start"] == "2022-04-06" for e in withdrawals)
    assert all(e["actor1"] == "Military Forces of Russia (2000-)" for e in withdrawals)


@pytest.mark.reference
def test_seed_claims(seed_reading: dict[str, Any]) -> None:
    by_name = {c["speaker"]["name"] for c in seed_reading["claims"]}
    assert "Oleksiy Arestovych" in by_name
    intention = [c for c in seed_reading["claims"] if "redirect its offensive" in c["text"]]
    assert intention and intention[0]["modality"] == "intention"
    assert not any(
        e["status"] == "happened" and "redirect" in json.dumps(e["evidence"]) for e in seed_reading["events"]
    )
