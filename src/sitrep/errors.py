"""One error hierarchy for sitrep. The CLI turns these into clear messages; nothing else prints."""

from __future__ import annotations


class SitrepError(Exception):
    """Base class of every error sitrep raises on purpose."""


class InputError(SitrepError):
    """An input could not be read. `source` names the file (and line or row) so the user can find it."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class PipelineError(SitrepError):
    """A stage failed or the stages are in an impossible order; the message names the stage."""


class GazetteerError(SitrepError):
    """The gazetteer could not be built or loaded."""


class StoreError(SitrepError):
    """The database could not be opened, migrated or written."""


class SettingsError(SitrepError):
    """A setting has an invalid value."""
