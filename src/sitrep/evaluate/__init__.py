"""Scores against reference data. Each scorer takes any file (or folder) of its format, so the same
measurement runs on data nobody here has seen, and returns a flat JSON-able dict of metrics (nested dicts
for breakdowns such as a confusion matrix).

- `timeml.evaluate_time`: TIMEX3 recognition and normalisation on TimeML files (TimeBank, AQUAINT).
- `geoparse.evaluate_geoparse`: toponym recognition and resolution on LGL / GeoWebNews XML.
- `acled.evaluate_acled`: event type, sub-type, actors, fatalities and location on ACLED notes.
- `plover.evaluate_plover`: PLOVER event category of news sentences.
- `cameo.evaluate_cameo`: the 0-4 cooperation-to-conflict scale of news sentences.
- `claims.evaluate_claims`: speaker attribution, stance and modality against hand-coded claims.
"""

from __future__ import annotations

from typing import Any

Metrics = dict[str, Any]
