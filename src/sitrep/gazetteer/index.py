"""Load the gazetteer and query it: scan a text for every place name, look names up, fix typos.

The index maps *keys* (names folded by `translit.name_key`: lower case, no diacritics or apostrophes,
separators collapsed) to entries, most populous first. `scan` runs one Aho-Corasick pass over the
text's key form, whose words are padded with spaces so that only whole words can match, and maps the
hits back to offsets in the original text.

Recognition is not decided here: "Nice", "Split" or "Of" are places too, and `scan` reports them.
`is_common_word` tells the places stage which surfaces are also ordinary English words.
"""

from __future__ import annotations

import logging
import marshal
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import ahocorasick
from rapidfuzz import fuzz, process

from sitrep.errors import GazetteerError
from sitrep.gazetteer.build import build_gazetteer, fingerprint
from sitrep.gazetteer.records import CACHE_NAME, DEEP_CACHE_NAME, Entry, EntryRow, NameMatch
from sitrep.gazetteer.translit import key_text, name_key
from sitrep.gazetteer.words import is_common_word
from sitrep.models import PlaceKind

__all__ = ["Entry", "Gazetteer", "NameMatch", "is_common_word", "load_gazetteer"]

log = logging.getLogger(__name__)

# Words a region name may be followed by, stripped by `Gazetteer.region` ("Donetsk Oblast" -> "donetsk").
_REGION_WORDS = frozenset({"oblast", "oblasts", "region", "regions", "province", "krai", "kray", "voblast"})


class Gazetteer:
    """An in-memory place-name index. Build one with `load_gazetteer`, or by hand with `from_entries`."""

    def __init__(
        self,
        entries: Sequence[Entry],
        postings: Mapping[str, Sequence[int]],
        *,
        iso3: Mapping[str, str] | None = None,
        deep_path: Path | None = None,
    ) -> None:
        """`postings` maps each key to indices into `entries`, already in candidate order; `deep_path` is
        the deep index's cache file, read on the first `lookup_deep`."""
        self._deep_path = deep_path
        self._deep: _DeepIndex | None = None
        self._entries = tuple(entries)
        self._keys = list(postings)
        self._postings = [tuple(postings[k]) for k in self._keys]
        self._iso3 = {k.upper(): v.upper() for k, v in (iso3 or {}).items()}
        self._countries = {e.country_code.upper(): e for e in self._entries if e.kind is PlaceKind.COUNTRY}
        self._automaton = _make_automaton(self._keys)
        self._by_initial: dict[str, tuple[list[str], list[int]]] | None = None

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[Entry, Iterable[str]]]) -> Gazetteer:
        """A gazetteer of the given entries, each indexed under its own name and the names given.

        Meant for tests and small custom lists; names are folded here, so pass them as written.
        """
        listed = list(entries)
        by_key: dict[str, set[int]] = {}
        for i, (entry, names) in enumerate(listed):
            for key in {name_key(name) for name in (entry.name, *names)} - {""}:
                by_key.setdefault(key, set()).add(i)
        plain = [entry for entry, _ in listed]
        postings = {k: sorted(ids, key=lambda i: plain[i].sort_key()) for k, ids in by_key.items()}
        return cls(plain, postings)

    def __len__(self) -> int:
        return len(self._entries)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle without the automaton (rebuilt on arrival): a quarter of the size, for worker processes."""
        postings = dict(zip(self._keys, self._postings, strict=True))
        return (_restore, (self._entries, postings, self._iso3, self._deep_path))

    def scan(self, text: str) -> list[NameMatch]:
        """Every whole-word gazetteer name in `text`: leftmost-longest, non-overlapping, in text order.

        Case and diacritics are ignored ("kyiv", "Mariúpol"); offsets and `surface` refer to `text`.
        """
        keyed, offsets = key_text(text)
        spans = sorted(
            ((end - len(self._keys[kid]), end - 1, kid) for end, kid in self._automaton.iter(keyed)),
            key=lambda hit: (hit[0], -hit[1]),
        )
        matches: list[NameMatch] = []
        last = -1
        for first, final, kid in spans:
            if first > last:
                matches.append(self._match(text, offsets[first], offsets[final] + 1, kid))
                last = final
        return matches

    def _match(self, text: str, start: int, end: int, kid: int) -> NameMatch:
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1  # a combining mark after the last letter belongs to it
        return NameMatch(start, end, text[start:end], self._candidates(kid))

    def _candidates(self, kid: int) -> tuple[Entry, ...]:
        return tuple(self._entries[i] for i in self._postings[kid])

    def lookup(self, name: str) -> tuple[Entry, ...]:
        """Entries indexed under exactly this name (after folding), most populous first."""
        key = name_key(name)
        kid: int = self._automaton.get(f" {key} ", -1) if key else -1
        return () if kid < 0 else self._candidates(kid)

    def lookup_deep(self, name: str) -> tuple[Entry, ...]:
        """Small places abroad called exactly this, most populous first: for names `lookup` lacks.

        The deep index is read on first use (about 1 s); without one, nothing is found.
        """
        if self._deep is None:
            self._deep = _DeepIndex.read(self._deep_path)
        return self._deep.lookup(name_key(name))

    def is_place(self, name: str) -> bool:
        """Whether some place is called exactly this: the readers' test for where a dateline ends."""
        return bool(self.lookup(name))

    def fuzzy(
        self, name: str, *, limit: int = 5, score_cutoff: float = 88
    ) -> tuple[tuple[Entry, float], ...]:
        """Entries whose names are close to `name` (rapidfuzz ratio, 0-100), best score first.

        For typos and unlisted spellings ("Zaporizhia"); an exact name scores 100. Each entry appears
        once, with its best-scoring name; ties go to the more populous place.
        """
        query = name_key(name)
        if not query:
            return ()
        # Only names with the same first letter: a typo there is rare, and it cuts the work 20-fold.
        keys, kids = self._initial_bucket(query[0])
        hits = process.extract(query, keys, scorer=fuzz.ratio, limit=limit * 4, score_cutoff=score_cutoff)
        best: dict[int, float] = {}
        for _key, score, position in hits:
            for i in self._postings[kids[position]]:
                best[i] = max(best.get(i, 0.0), float(score))
        ranked = sorted(best.items(), key=lambda item: (-item[1], self._entries[item[0]].sort_key()))
        return tuple((self._entries[i], score) for i, score in ranked[:limit])

    def _initial_bucket(self, initial: str) -> tuple[list[str], list[int]]:
        if self._by_initial is None:
            buckets: dict[str, tuple[list[str], list[int]]] = {}
            for kid, key in enumerate(self._keys):
                keys, kids = buckets.setdefault(key[0], ([], []))
                keys.append(key)
                kids.append(kid)
            self._by_initial = buckets
        return self._by_initial.get(initial, ([], []))

    def country(self, code_or_name: str) -> Entry | None:
        """The country for an ISO 3166 alpha-2 or alpha-3 code ("UA", "UKR") or a name ("Ukraine")."""
        code = code_or_name.strip().upper()
        found = self._countries.get(self._iso3.get(code, code))
        if found is not None:
            return found
        return next((e for e in self.lookup(code_or_name) if e.kind is PlaceKind.COUNTRY), None)

    def region(self, country_code: str, name: str) -> Entry | None:
        """The first-level region of `country_code` called `name`, with or without "Oblast"/"region".

        `region("UA", "Lugansk")`, `("UA", "Luhansk Oblast")` and `("UA", "Luhansk region")` give the
        same entry. Kyiv Oblast is "Kyiv"; the capital's own region is "Kyiv City".
        """
        code = country_code.strip().upper()
        for key in _region_keys(name):
            for entry in self.lookup(key):
                if entry.kind is PlaceKind.REGION and entry.country_code == code:
                    return entry
        return None


def _restore(
    entries: Sequence[Entry],
    postings: Mapping[str, Sequence[int]],
    iso3: Mapping[str, str],
    deep_path: Path | None,
) -> Gazetteer:
    return Gazetteer(entries, postings, iso3=iso3, deep_path=deep_path)


class _DeepIndex:
    """Exact-key lookup over the deep index's rows, which become entries only when found."""

    def __init__(self, rows: Sequence[EntryRow], postings: Mapping[str, Sequence[int]]) -> None:
        self._rows = rows
        self._postings = postings

    @classmethod
    def read(cls, path: Path | None) -> _DeepIndex:
        payload = None if path is None else _read_cache(path)
        if payload is None:
            return cls((), {})
        return cls(payload["entries"], dict(zip(payload["keys"], payload["postings"], strict=True)))

    def lookup(self, key: str) -> tuple[Entry, ...]:
        return tuple(Entry.from_row(self._rows[i]) for i in self._postings.get(key, ()))


def _region_keys(name: str) -> list[str]:
    """The name's key, then the key without a trailing region word."""
    key = name_key(name)
    keys = [key]
    head, _, last = key.rpartition(" ")
    if head and last in _REGION_WORDS:
        keys.append(head)
    return keys


def _make_automaton(keys: Sequence[str]) -> Any:
    """An Aho-Corasick automaton over " key " (space-padded, so only whole words match); value = key id."""
    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    for kid, key in enumerate(keys):
        automaton.add_word(f" {key} ", kid)
    automaton.make_automaton()
    return automaton


# ---------------------------------------------------------------------------------------------------
# Loading


def load_gazetteer(*, cache_dir: Path | str) -> Gazetteer:
    """The gazetteer cached in `cache_dir`, built there first if missing or stale."""
    started = time.perf_counter()
    path = Path(cache_dir) / CACHE_NAME
    deep_path = Path(cache_dir) / DEEP_CACHE_NAME
    payload = _read_cache(path) if deep_path.exists() else None
    if payload is None:
        path = build_gazetteer(cache_dir=cache_dir)
        payload = _read_cache(path)
    if payload is None:
        raise GazetteerError(f"{path}: the gazetteer cache just built cannot be read")
    gazetteer = _from_payload(payload, deep_path=deep_path)
    log.info(
        "gazetteer ready in %.1f s: %d places from %s", time.perf_counter() - started, len(gazetteer), path
    )
    return gazetteer


def _read_cache(path: Path) -> dict[str, Any] | None:
    """The cache's contents, or None (with a log line saying why) if it is missing, stale or damaged."""
    try:
        payload = marshal.loads(path.read_bytes())
    except FileNotFoundError:
        log.info("gazetteer cache %s not found; building it", path)
        return None
    except (OSError, EOFError, ValueError, TypeError) as e:
        log.warning("gazetteer cache %s unreadable (%s); rebuilding it", path, e)
        return None
    if not isinstance(payload, dict) or payload.get("fingerprint") != fingerprint():
        log.info("gazetteer cache %s is stale (built from other data or code); rebuilding it", path)
        return None
    return payload


def _from_payload(payload: Mapping[str, Any], *, deep_path: Path) -> Gazetteer:
    entries = [Entry.from_row(row) for row in payload["entries"]]
    postings = dict(zip(payload["keys"], payload["postings"], strict=True))
    return Gazetteer(entries, postings, iso3=payload["iso3"], deep_path=deep_path)
