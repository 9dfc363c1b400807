from __future__ import annotations

import re
from typing import Any

import pytest

from sitrep.errors import SettingsError
from sitrep.models import Article
from sitrep.pipeline import Doc
from sitrep.stages.language import ParseCues, SpacyParse, matrix_library, parse_mode, verb_forms

# Written for this test: a sentence with a reporting verb, one with neither cue, one with an event word.
TEXT = (
    "The regional governor said that the bridge was closed. "
    "Farmers in the valley grow sunflowers and wheat every year. "
    "Artillery shelled the outskirts of the town overnight."
)


def _parse(nlp: Any, text: str, *, parse: str) -> Any:
    doc = Doc(Article(id="t", text=text))
    SpacyParse(nlp, parse=parse_mode(parse))([doc])
    return doc.spacy


def test_only_marked_sentences_are_parsed(nlp: Any) -> None:
    sentences = list(_parse(nlp, TEXT, parse="marked").sents)
    assert [s.text.split()[0] for s in sentences] == ["The", "Farmers", "Artillery"]
    said, farmers, shelled = sentences
    assert {t.dep_ for t in said} >= {"nsubj", "ccomp"} and said.root.lemma_ == "say"
    assert {t.dep_ for t in farmers} == {""} and {t.lemma_ for t in farmers} == {""}
    assert next(t for t in shelled if t.text == "shelled").pos_ == "VERB"


def test_entities_and_sentences_cover_the_whole_text(nlp: Any) -> None:
    text = "Olena Kovalenko lives in Poltava. The mayor said that Olena Kovalenko had left for Lviv."
    doc = _parse(nlp, text, parse="marked")
    assert len(list(doc.sents)) == 2
    assert any(e.text == "Olena Kovalenko" for e in doc.ents if e.end <= len(doc[:6]))
    assert all(t.dep_ == "" for t in next(iter(doc.sents)))


def test_parse_all_parses_every_sentence(nlp: Any) -> None:
    doc = _parse(nlp, TEXT, parse="all")
    assert all(t.dep_ for t in doc)


def test_a_text_without_cues_is_not_parsed(nlp: Any) -> None:
    doc = _parse(nlp, "Farmers grow wheat. Bees like clover.", parse="marked")
    assert len(list(doc.sents)) == 2 and not any(t.dep_ for t in doc)


def test_an_empty_text_reads(nlp: Any) -> None:
    assert len(_parse(nlp, "", parse="marked")) == 0


def test_cue_words_are_matched_in_lower_case_or_capitals_but_not_as_names(nlp: Any) -> None:
    cues = ParseCues(words=["states", "said"], patterns=[re.compile(r"\bshell(?:ed|ing)\b", re.I)])
    assert list(cues.offsets("The United States agreed.")) == []
    assert list(cues.offsets("He STATES it.")) == [3]
    assert list(cues.offsets("SHELLING was heard.")) == [0]


def test_a_case_sensitive_pattern_keeps_its_case() -> None:
    cues = ParseCues(words=[], patterns=[re.compile(r"\bseized\s+(?=(?-i:[A-Z]))", re.I)])
    assert list(cues.offsets("troops seized Izium")) == [7]
    assert list(cues.offsets("troops seized the grain")) == []


def test_verb_forms_follow_english_spelling() -> None:
    assert {"denies", "denied", "denying"} <= verb_forms("deny")
    assert {"notes", "noted", "noting"} <= verb_forms("note")
    assert {"admitted", "admitting"} <= verb_forms("admit")
    assert {"stresses", "stressed"} <= verb_forms("stress")
    assert "said" in verb_forms("say", irregular=["said"])


def test_an_unknown_parse_mode_names_the_setting() -> None:
    with pytest.raises(SettingsError, match="SITREP_PARSE"):
        parse_mode("some")


def test_an_unknown_matrix_library_names_the_setting() -> None:
    with pytest.raises(SettingsError, match="SITREP_MATRICES"):
        matrix_library("mkl")


def test_the_model_multiplies_with_numpy_on_one_thread(nlp: Any) -> None:
    from threadpoolctl import threadpool_info

    # the token vectors, shared and the recognizer's own (spaCy builds the parsers' output layer on blis)
    ner = nlp.get_pipe("ner").model
    layers = [*nlp.get_pipe("tok2vec").model.walk(), *ner.get_ref("tok2vec").walk(), ner.get_ref("lower")]
    assert not any(layer.ops.use_blis for layer in layers)
    assert {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"} <= {1}


def test_a_fresh_model_is_loaded_every_so_many_articles(nlp: Any) -> None:
    loads: list[int] = []

    def reload() -> Any:
        loads.append(1)
        return nlp

    stage = SpacyParse(nlp, reload=reload, reload_every=3)
    batch = [Doc(Article(id="t", text="Farmers grow wheat.")), Doc(Article(id="u", text="Bees like clover."))]
    for _ in range(5):
        stage(batch)
    assert len(loads) == 2  # before the 3rd batch (4 read since the load) and before the 5th
