"""`python -m sitrep.gazetteer --shared ../shared/data/gazetteer` regenerates the package data files."""

from sitrep.gazetteer.build import main

main()
