from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from sitrep.evaluate.geoparse import MAX_KM, auc, evaluate_geoparse, match_spans, read_gritta, score
from sitrep.gazetteer import Entry, Gazetteer
from sitrep.models import Article, PlaceKind, Span
from sitrep.pipeline import Doc
from sitrep.settings import Settings
from sitrep.stages.places import Places
from tests.conftest import shared_file

TEXT = "Floods hit Lviv on Monday. Officials in Rivne fear the river rose near Rivne."
# Lviv at 11..15 (gold at Lviv), Rivne at 40..45 (gold at Rivne), Rivne at 71..76 (gold wrong on purpose,
# 0,0), and a GeoWebNews-style adjective that is not counted.
LGL_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text><![CDATA[{TEXT}]]></text>
    <toponyms>
      <toponym><start>11</start><end>15</end><phrase>Lviv</phrase>
        <gaztag geonameid="702550"><lat>49.8383</lat><lon>24.0232</lon></gaztag></toponym>
      <toponym><start>40</start><end>45</end><phrase>Rivne</phrase>
        <gaztag geonameid="695594"><lat>50.6199</lat><lon>26.2516</lon></gaztag></toponym>
      <toponym><start>71</start><end>76</end><phrase>Rivne</phrase>
        <gaztag geonameid="1"><lat>0.0</lat><lon>0.0</lon></gaztag></toponym>
      <toponym><start>0</start><end>6</end><phrase>Floods</phrase></toponym>
    </toponyms>
  </article>
</articles>
"""

GWN_XML = f"""<?xml version="1.0" ?>
<articles>
  <article file="0">
    <text>{TEXT}</text>
    <toponyms>
      <toponym><extractedName>Lviv</extractedName><type>Literal</type><modifierType/>
        <start>11</start><end>15</end><latitude>49.8383</latitude><longitude>24.0232</longitude></toponym>
      <toponym><extractedName>Rivne</extractedName><type>Literal_Modifier</type>
        <modifierType>Adjective</modifierType>
        <start>40</start><end>45</end><latitude>50.6199</latitude><longitude>26.2516</longitude></toponym>
      <toponym><extractedName>Officials</extractedName><type>Non_Lit_Expression</type><modifierType/>
        <start>27</start><end>36</end></toponym>
      <toponym><extractedName>bad</extractedName><type>Literal</type><modifierType/>
        <start>-5</start><end>-1</end></toponym>
    </toponyms>
  </article>
</articles>
"""


def _entry(gid: int, name: str, lat: float, lon: float) -> Entry:
    return Entry(gid, name, "UA", "Ukraine", "", "", lat, lon, PlaceKind.CITY, 700_000)


@pytest.fixture(scope="module")
def places() -> Places:
    return Places(
        Gazetteer.from_entries(
            [(_entry(702550, "Lviv", 49.84, 24.02), []), (_entry(2, "Rivne", 50.62, 26.25), [])]
        )
    )


def _score(tmp_path: Path, xml: str, places: Places) -> dict[str, Any]:
    path = tmp_path / "gold.xml"
    path.write_text(xml, encoding="utf-8")
    documents = read_gritta(path)
    docs = [Doc(Article(id=d.docid, text=d.text)) for d in documents]
    places(docs)
    return score(documents, docs, places)


def test_lgl_arithmetic(tmp_path: Path, places: Places) -> None:
    metrics = _score(tmp_path, LGL_XML, places)
    # Predicted: Lviv, Rivne, Rivne (3); gold: 4 toponyms, 3 of them found.
    assert (metrics["toponyms_predicted"], metrics["toponyms_gold"], metrics["toponyms_matched"]) == (3, 4, 3)
    assert metrics["toponym_precision"] == 1.0
    assert metrics["toponym_recall"] == 0.75
    assert metrics["toponym_f1"] == round(2 * 0.75 / 1.75, 4)
    # Resolution: 3 gold points, 2 within 161 km, the third ~5,700 km off (its gold is at 0,0).
    assert metrics["located_gold"] == 3
    assert metrics["resolved_gold"] == 1.0
    assert metrics["acc161_gold"] == round(2 / 3, 4)
    assert metrics["acc161_e2e"] == round(2 / 3, 4)
    assert metrics["median_km_gold"] < 1


def test_gwn_types_and_bad_offsets(tmp_path: Path, places: Places) -> None:
    metrics = _score(tmp_path, GWN_XML, places)
    # Only Lviv counts: the adjectival modifier and the expression are left out, the bad offsets dropped;
    # the prediction over the adjectival "Rivne" is ignored, the later "Rivne" is a false positive.
    assert metrics["toponyms_gold"] == 1
    assert metrics["toponyms_predicted"] == 2
    assert metrics["toponym_precision"] == 0.5
    assert metrics["toponym_recall"] == 1.0
    assert metrics["located_gold"] == 1


def test_auc_bounds() -> None:
    assert auc([0.0, 0.0]) == 0.0
    assert auc([MAX_KM, MAX_KM]) == pytest.approx(1.0)
    errors = [0.0, 100.0, 1000.0]
    y = [math.log1p(e) / math.log1p(MAX_KM) for e in errors]
    assert auc(errors) == pytest.approx(((y[0] + y[1]) / 2 + (y[1] + y[2]) / 2) / 2)


def test_match_spans_one_to_one() -> None:
    assert match_spans([Span(0, 5), Span(1, 3)], [Span(2, 4)]) == [(0, 0)]


@pytest.mark.reference
def test_lgl_first_documents() -> None:
    metrics = evaluate_geoparse(
        shared_file("geoparsing/lgl.xml"), format="gritta", settings=Settings.from_env(), limit=30
    )
    assert metrics["documents"] == 30
    assert metrics["toponym_f1"] > 0.6
    assert metrics["acc161_gold"] > 0.55


@pytest.mark.reference
@pytest.mark.slow
@pytest.mark.parametrize("name", ["lgl.xml", "GWN.xml"])
def test_full_corpora(name: str) -> None:
    metrics = evaluate_geoparse(
        shared_file(f"geoparsing/{name}"), format="gritta", settings=Settings.from_env(), limit=None
    )
    assert metrics["acc161_gold"] > 0.6
    assert metrics["toponym_f1"] > 0.5
