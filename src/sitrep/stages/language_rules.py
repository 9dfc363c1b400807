"""A spaCy pipeline's attribute ruler and lemmatizer, over all the sentences of a batch at once.

The attribute ruler maps fine-grained tags (and a few words in context) to parts of speech and morphology;
spaCy runs its ~180 rules through its token Matcher, and the lemmatizer token by token in Python. Over the
sentences the language stage parses, the two cost as much as the parser. Here the ruler's one-token rules
on tags, words, dependency labels and the space flag become array operations over every parsed token of a
batch, applied in the ruler's own order (a later rule wins, as in spaCy), and only its other rules (several
tokens, regular expressions) go through a Matcher. The rule lemmatizer's answer depends only on the word,
its part of speech and its morphology, so it is asked once per such triple and remembered. The result is
the components' own, token for token (`tests/test_language_rules.py` compares them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.pipeline import AttributeRuler, Lemmatizer
    from spacy.tokens import Doc as SpacyDoc
    from spacy.vocab import Vocab

# What the language stage copies from a parsed sentence into the article (HEAD is relative, so a row means
# the same in the sentence and in the article).
PARSE_ATTRS = ("TAG", "POS", "MORPH", "LEMMA", "HEAD", "DEP")
# Token attributes a one-token rule may test here, and those a rule may set.
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")
_SET = ("TAG", "POS", "MORPH", "LEMMA", "DEP")
_LEMMATIZER_MODES = ("rule", "lookup")


@dataclass(frozen=True, slots=True)
class _Test:
    column: int  # in _TESTED
    values: frozenset[int]
    negated: bool = False


@dataclass(frozen=True, slots=True)
class _Rule:
    sets: tuple[tuple[int, int], ...]  # (column in PARSE_ATTRS, value)
    tests: tuple[_Test, ...] = ()  # a one-token rule; empty for a rule the Matcher finds
    key: str = ""  # the Matcher's key for the others
    index: int = 0  # which token of a Matcher match the rule sets


class ArrayAttributeRuler:
    """spaCy's `AttributeRuler` applied to arrays; `from_pipe` gives None for a ruler whose rules it cannot
    read (the language stage then runs the component itself)."""

    def __init__(self, rules: Sequence[_Rule], matcher: Matcher | None) -> None:
        self.rules = tuple(rules)
        self.matcher = matcher

    @classmethod
    def from_pipe(cls, ruler: AttributeRuler, vocab: Vocab) -> ArrayAttributeRuler | None:
        from spacy.matcher import Matcher

        matcher = Matcher(vocab)
        rules = []
        for number, (entry, attrs) in enumerate(zip(ruler.patterns, ruler.attrs, strict=True)):
            sets = _settings(attrs)
            if sets is None:
                return None
            patterns: Any = entry["patterns"]
            index: Any = entry["index"]
            tests = _one_token_tests(patterns)
            if tests is None:
                key = f"rule-{number}"
                matcher.add(key, patterns)
                rules.append(_Rule(sets, key=key, index=int(index)))
            else:
                rules.append(_Rule(sets, tests))
        return cls(rules, matcher if len(matcher) else None)

    def apply(self, sentences: Sequence[SpacyDoc]) -> Any:
        """The PARSE_ATTRS columns of every token of `sentences` (tagged and parsed), one row per token in
        order, with the ruler's attributes set."""
        from spacy.attrs import IDS

        if not sentences:
            return numpy.zeros((0, len(PARSE_ATTRS)), dtype=numpy.uint64)
        ids = [IDS[name] for name in (*PARSE_ATTRS, *_TESTED)]
        table = numpy.concatenate([s.to_array(ids) for s in sentences])
        values, tested = table[:, : len(PARSE_ATTRS)], table[:, len(PARSE_ATTRS) :]
        found = self._matcher_rows(sentences)
        for rule in self.rules:
            rows = _rows(rule, tested) if rule.tests else found.get(rule.key, [])
            for column, value in rule.sets:
                values[rows, column] = numpy.uint64(value)
        return values

    def _matcher_rows(self, sentences: Sequence[SpacyDoc]) -> dict[str, list[int]]:
        """Rows of the tokens each Matcher rule sets, over the sentences laid end to end."""
        rows: dict[str, list[int]] = {}
        if self.matcher is None:
            return rows
        index_of = {rule.key: rule.index for rule in self.rules if rule.key}
        offset = 0
        for sentence in sentences:
            for match_id, start, end in self.matcher(sentence, allow_missing=True):
                key = sentence.vocab.strings[match_id]
                token = range(start, end)[index_of[key]]
                rows.setdefault(key, []).append(offset + token)
            offset += len(sentence)
        return rows


def _rows(rule: _Rule, tested: Any) -> Any:
    mask = numpy.ones(len(tested), dtype=bool)
    for test in rule.tests:
        column = tested[:, test.column]
        hit = (
            column == numpy.uint64(next(iter(test.values)))
            if len(test.values) == 1
            else numpy.isin(column, numpy.array(sorted(test.values), dtype=numpy.uint64))
        )
        mask &= ~hit if test.negated else hit
    return mask


def _settings(attrs: Mapping[Any, Any]) -> tuple[tuple[int, int], ...] | None:
    """(column, value) pairs for a rule's attributes, as `Doc.to_array` holds them; None if it sets
    anything else (an extension attribute, the head, a lexical attribute)."""
    from spacy.attrs import IDS

    columns = {IDS[name]: i for i, name in enumerate(PARSE_ATTRS) if name in _SET}
    if not set(attrs) <= set(columns):
        return None
    # The ruler holds them as the token holds them: string ids, part-of-speech ids, morphology keys.
    return tuple((columns[attr], int(value)) for attr, value in attrs.items())


def _one_token_tests(patterns: Sequence[Sequence[Mapping[Any, Any]]]) -> tuple[_Test, ...] | None:
    """The tests of a rule with one pattern of one token whose conditions are equalities or (NOT_)IN sets
    over `_TESTED`; None for any other rule."""
    if len(patterns) != 1 or len(patterns[0]) != 1:
        return None
    tests = []
    for name, condition in patterns[0][0].items():
        test = _test(name.upper(), condition) if isinstance(name, str) else None
        if test is None:
            return None
        tests.append(test)
    return tuple(tests)


def _test(name: str, condition: Any) -> _Test | None:
    if name not in _TESTED:
        return None
    if isinstance(condition, dict):
        if len(condition) != 1 or not set(condition) <= {"IN", "NOT_IN"}:
            return None
        ((operator, values),) = condition.items()
        codes = _codes(name, values)
        return None if codes is None else _Test(_TESTED.index(name), codes, negated=operator == "NOT_IN")
    codes = _codes(name, [condition])
    return None if codes is None else _Test(_TESTED.index(name), codes)


def _codes(name: str, values: Iterable[Any]) -> frozenset[int] | None:
    from spacy.strings import get_string_id

    codes = set()
    for value in values:
        if name == "IS_SPACE" and isinstance(value, bool):
            codes.add(int(value))
        elif name != "IS_SPACE" and isinstance(value, str):
            codes.add(get_string_id(value))
        else:
            return None
    return frozenset(codes)


class RememberingLemmatizer:
    """spaCy's rule (or lookup) lemmatizer, asked once per word, part of speech and morphology."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.known: dict[tuple[int, int, int], int] = {}

    @classmethod
    def from_pipe(cls, lemmatizer: Any) -> RememberingLemmatizer | None:
        from spacy.pipeline import Lemmatizer

        usable = isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode in _LEMMATIZER_MODES
        return cls(lemmatizer) if usable and not lemmatizer.overwrite else None

    def apply(self, doc: SpacyDoc, ranges: Sequence[tuple[int, int]]) -> None:
        """Set the lemma of every token in `ranges` of `doc` that has none."""
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not ranges:
            return
        lemmas: Any = doc.to_array(LEMMA)
        words, parts, forms, given = (column.tolist() for column in doc.to_array([ORTH, POS, MORPH, LEMMA]).T)
        for start, end in ranges:
            for i in range(start, end):
                if given[i]:
                    continue
                key = (words[i], parts[i], forms[i])
                lemma = self.known.get(key)
                if lemma is None:
                    lemma = self.known[key] = doc.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))


def fast_components(nlp: Language) -> tuple[ArrayAttributeRuler | None, RememberingLemmatizer | None]:
    """The array ruler and remembering lemmatizer for `nlp`'s own components, where they can stand in."""
    ruler = lemmatizer = None
    if "attribute_ruler" in nlp.component_names:
        ruler = ArrayAttributeRuler.from_pipe(nlp.get_pipe("attribute_ruler"), nlp.vocab)  # type: ignore[arg-type]
    if "lemmatizer" in nlp.component_names:
        lemmatizer = RememberingLemmatizer.from_pipe(nlp.get_pipe("lemmatizer"))
    return ruler, lemmatizer
