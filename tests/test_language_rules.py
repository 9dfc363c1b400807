"""The array attribute ruler and remembering lemmatizer give what spaCy's own components give."""

from __future__ import annotations

from typing import Any

import pytest

from sitrep.stages.language_rules import (
    PARSE_ATTRS,
    ArrayAttributeRuler,
    RememberingLemmatizer,
    fast_components,
)

# Written for this test: sentences that reach the ruler's rules in context (an expletive "there", "I" and
# "it" as subject and object, auxiliaries, "that" as a pronoun, a colloquial contraction, runs of spaces and
# a line break) and the lemmatizer's (irregular verbs, plurals, comparatives, a name).
SENTENCES = [
    "There were three explosions near the bridge, and there is still smoke over it.",
    "I told them that it was over, but they did not believe me.",
    "He has had enough; does anyone know what that means?",
    "They ain't gonna leave, y'all know it.",
    "The  mayor\nsaid    the shelling had stopped.",
    "Better roads were built faster than the oldest villages could remember.",
    "Olena Kovalenko's sons went to Lviv and were given shelter by volunteers.",
    "",
]


def _parsed(nlp: Any, text: str) -> Any:
    doc = nlp.make_doc(text)
    for name in ("tok2vec", "tagger", "parser"):
        doc = nlp.get_pipe(name)(doc)
    return doc


def _with_spacy(nlp: Any, text: str, *, names: tuple[str, ...] = ("attribute_ruler", "lemmatizer")) -> Any:
    doc = _parsed(nlp, text)
    for name in names:
        doc = nlp.get_pipe(name)(doc)
    return doc.to_array(list(PARSE_ATTRS))


def _with_arrays(nlp: Any, text: str) -> Any:
    ruler, lemmatizer = fast_components(nlp)
    assert ruler is not None and lemmatizer is not None
    doc = _parsed(nlp, text)
    doc.from_array(list(PARSE_ATTRS), ruler.apply([doc]))
    lemmatizer.apply(doc, [(0, len(doc))])
    return doc.to_array(list(PARSE_ATTRS))


@pytest.mark.parametrize("text", SENTENCES)
def test_the_arrays_give_what_the_components_give(nlp: Any, text: str) -> None:
    assert _with_arrays(nlp, text).tolist() == _with_spacy(nlp, text).tolist()


def test_sentences_laid_end_to_end_do_not_match_across_each_other(nlp: Any) -> None:
    ruler = ArrayAttributeRuler.from_pipe(nlp.get_pipe("attribute_ruler"), nlp.vocab)
    assert ruler is not None
    # "gon" ends one sentence and "na" opens the next: the two-token rule must not join them.
    first, second = _parsed(nlp, "We were gon"), _parsed(nlp, "na see it.")
    rows = ruler.apply([first, second]).tolist()
    alone = [
        _with_spacy(nlp, text, names=("attribute_ruler",)).tolist() for text in ("We were gon", "na see it.")
    ]
    assert rows == [*alone[0], *alone[1]]


def test_a_rule_of_an_unknown_shape_goes_through_the_matcher(nlp: Any) -> None:
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": {"REGEX": "^shell"}}]], {"POS": "NOUN"})
    ruler.add([[{"TAG": "VBD"}]], {"POS": "VERB"})
    arrays = ArrayAttributeRuler.from_pipe(ruler, nlp.vocab)
    assert arrays is not None and arrays.matcher is not None
    doc = _parsed(nlp, "Artillery shelled the town. Shelling went on.")
    assert doc[1].tag_ == "VBD"
    rows = arrays.apply([doc])
    assert rows.tolist() == ruler(doc).to_array(list(PARSE_ATTRS)).tolist()
    # rules apply in order: the later VBD rule wins over the earlier regular expression on "shelled"
    assert [nlp.vocab.strings[int(p)] for p in rows[:2, PARSE_ATTRS.index("POS")]] == ["", "VERB"]


def test_a_ruler_that_sets_other_attributes_is_left_to_spacy(nlp: Any) -> None:
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "kyiv"}]], {"ENT_TYPE": "GPE"})
    assert ArrayAttributeRuler.from_pipe(ruler, nlp.vocab) is None


def test_only_a_lemmatizer_that_keeps_given_lemmas_is_remembered(nlp: Any) -> None:
    assert RememberingLemmatizer.from_pipe(nlp.get_pipe("lemmatizer")) is not None
    assert RememberingLemmatizer.from_pipe(nlp.get_pipe("tagger")) is None
