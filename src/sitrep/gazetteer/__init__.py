"""An offline place-name index: GeoNames names in every spelling, scanned in one pass.

`load_gazetteer` builds the index on first use (about 18 s) into a cache directory (pass
`Path(Settings.cache_dir)`) and loads it from there afterwards (about 0.8 s);
`Gazetteer.from_entries` makes a small one by hand, for tests. Details and measurements: `build`.
"""

from sitrep.gazetteer.build import build_gazetteer
from sitrep.gazetteer.index import Gazetteer, is_common_word, load_gazetteer
from sitrep.gazetteer.records import Entry, NameMatch
from sitrep.gazetteer.translit import fold
from sitrep.gazetteer.words import demonym_country

__all__ = [
    "Entry",
    "Gazetteer",
    "NameMatch",
    "build_gazetteer",
    "demonym_country",
    "fold",
    "is_common_word",
    "load_gazetteer",
]
