"""sitrep: a sourced, geolocated, time-resolved situation picture from war and crisis reporting."""

__version__ = "0.1.0"
