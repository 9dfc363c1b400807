"""`python -m sitrep.gazetteer --shared ../shared/data/gazetteer` regenerates the package data files."""

from sitrep.gazetteer.tables import main

main()
