"""Claims: who said what, when, and how firmly.

Three shapes of reported speech are read: a quotation with its speaker before or after it
(`“...” said the US official`), a reporting verb with its subject and clause (`the official indicated that
...`, `..., a senior official said Wednesday`) from the dependency parse, and `according to X`. A speaker
named by role only ("the source", "the adviser", "he") is linked to the latest speaker it fits. Hedges
("reportedly", "open source reports") make a claim `reported`; "this has not happened" disputes one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.models import Claim, Modality, Span, Speaker, Stance, TimeRef, record_id
from sitrep.pipeline import Doc, DocStage
from sitrep.stages.modality import INTENTION_CUES

REPORTING_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "note",
        "indicate",
        "assure",
        "specify",
        "state",
        "claim",
        "announce",
        "report",
        "confirm",
        "deny",
        "insist",
        "warn",
        "explain",
        "declare",
        "stress",
        "maintain",
        "assess",
        "believe",
        "estimate",
        "allege",
        "argue",
        "write",
        "tweet",
        "acknowledge",
        "admit",
        "reject",
        "dismiss",
        "refute",
        "suggest",
        "accuse",
        "conclude",
        "observe",
        "remark",
        "predict",
        "expect",
    ]
)
_VERB_STANCE = {
    "deny": Stance.DENIED,
    "reject": Stance.DENIED,
    "dismiss": Stance.DENIED,
    "refute": Stance.DENIED,
    "assess": Stance.ASSESSED,
    "believe": Stance.ASSESSED,
    "estimate": Stance.ASSESSED,
    "maintain": Stance.ASSESSED,
    "expect": Stance.ASSESSED,
    "predict": Stance.ASSESSED,
    "conclude": Stance.ASSESSED,
    "allege": Stance.REPORTED,
    "claim": Stance.REPORTED,
}
_QUOTE = re.compile(r"“([^”]{12,}?)”|\"([^\"]{12,}?)\"")
_VERBS_RE = (
    r"said|says|noted|told|added|indicated|assured|specified|stated|claimed|announced|reported|confirmed|"
    r"denied|insisted|warned|explained|declared|stressed|maintained|wrote|tweeted|acknowledged|admitted"
)
_SPEAKER_AFTER = re.compile(
    rf"^[\s,]*(?:(?P<verb1>{_VERBS_RE})\s+(?P<who1>[^.,;“”\"\n]{{2,90}}?"
    r"(?:,\s+(?:[A-Z][\w'’-]+\s+){1,2}[A-Z][\w'’-]+)?)(?=\s+(?:on|this|last|in|at|during)\b|[,.;\n]|$)"
    rf"|(?P<who2>[^.,;“”\"\n]{{2,90}}?)\s+(?P<verb2>{_VERBS_RE})(?=[\s,.;]|$))",
    re.I,
)
# The speaker named at the end of the next clause: “...”, which ... since 24 February, specified the adviser.
_SPEAKER_LATER = re.compile(
    rf"\b(?P<verb>{_VERBS_RE})\s+(?P<who>(?:the|a|an)\s+[\w\s-]{{2,50}}?|he|she)\s*\.", re.I
)
_SPEAKER_BEFORE = re.compile(rf"(?P<who>[^.;“”\"]{{2,90}}?)\s+(?P<verb>{_VERBS_RE})\s*[:,]?\s*$", re.I)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<who>[^,.;]{3,140})", re.I)
_HEDGE = re.compile(
    r"\b(reportedly|allegedly|purportedly|unconfirmed|unverified|open[- ]source\s+reports?|"
    r"reports?\s+(?:of|that|suggest)|it\s+is\s+claimed|rumou?rs?)\b",
    re.I,
)
_DISPUTE = re.compile(
    r"\b(this\s+has\s+not\s+happened|(?:has|have|had)\s+not\s+(?:happened|taken\s+place|occurred)|"
    r"to\s+the\s+contrary|is\s+(?:not\s+true|false|untrue)|no\s+(?:evidence|indication|sign)|fake|baseless|did\s+not\s+happen)\b",
    re.I,
)
_CONTRARY_REPORTS = re.compile(
    r"\b(?:despite\s+|there\s+(?:are|were|have\s+been)\s+)"
    r"(?P<who>(?:open[- ]source\s+|unconfirmed\s+|media\s+|social\s+media\s+)?reports?)"
    r"(?:\s+to\s+the\s+contrary)?,?\s+(?:of|that)\s+(?P<what>[^,.;]+)",
    re.I,
)
_INTENTION = re.compile(rf"\b(?:{INTENTION_CUES}|intended\s+to|planned\s+to|aimed\s+to)\b", re.I)
# A promise about one's own side's action is an intention ("Moscow would reduce", "we will not give up"); a
# thing or a process that will happen is a forecast ("the evacuation of Kramatorsk will continue").
_OWN_ACTION = re.compile(r"(?:\b[Ww]e|(?<!\bof\s)\b[A-Z][a-z]+)\s+(?:will|would)\s+(?!be\b|have\b|take\b)")
_FORECAST = re.compile(
    r"\b(will|would|(?:is|are)\s+likely\s+to|could(?!\s+not)|may\s+soon|(?:is|are)\s+expected\s+to|forecasts?)\b",
    re.I,
)
_ASSESS = re.compile(
    r"\b(we\s+(?:assess|believe|think|judge|estimate)|assess(?:es|ed)?\s+that|believes?\s+that|in\s+our\s+view|"
    r"probably|likely)\b",
    re.I,
)
_ANAPHOR = re.compile(
    r"^(?:the\s+)?(?:(?:us|u\.s\.|american|ukrainian|russian|senior|same|defen[cs]e)\s+)*"
    r"(?P<head>official|source|adviser|advisor|spokes(?:man|woman|person)|minister|governor|he|she|they|officer|mayor|ministry)$",
    re.I,
)
_DETERMINER = re.compile(r"^(?:the|a|an|one\s+of\s+the)\s+", re.I)


@dataclass(frozen=True, slots=True)
class _Found:
    content: Span
    cue: Span
    who: Span
    verb: str
    said: TimeRef | None = None


class Attribution(DocStage):
    name = "attribution"
    requires = ("article", "spacy", "times")
    assigns = ("claims",)

    def process(self, doc: Doc) -> None:
        claims: list[Claim] = []
        entities = _Entities(doc.spacy)
        for item in sorted(_dedupe(_find_all(doc)), key=lambda f: f.content.start):
            speaker = _resolve_speaker(doc, entities, item, claims)
            claims.extend(c for c in _claims_for(doc, item, speaker) if c.id not in {k.id for k in claims})
        claims.extend(_unattributed_reports(doc, claims))
        doc.claims = tuple(sorted(claims, key=lambda c: c.span.start))


class _Entities:
    """The document's entities, listed once: spaCy's `Doc.ents` builds them from every token on each
    access, and `Span.ents` does the same before keeping those inside the span."""

    def __init__(self, spacy_doc: SpacyDoc | None) -> None:
        self.all: tuple[SpacySpan, ...] = tuple(spacy_doc.ents) if spacy_doc is not None else ()
        self._starts = [ent.start for ent in self.all]

    def within(self, span: SpacySpan) -> list[SpacySpan]:
        """The entities wholly inside `span`, in order (what `span.ents` gives)."""
        found = []
        for ent in self.all[bisect_left(self._starts, span.start) :]:
            if ent.end > span.end:
                break
            found.append(ent)
        return found


def _find_all(doc: Doc) -> Iterator[_Found]:
    yield from _quoted(doc)
    yield from _parsed(doc)
    yield from _according(doc)


def _dedupe(found: Iterable[_Found]) -> list[_Found]:
    """One reading per stretch of text. Readers come in order of precision (quotations, then the parse,
    then 'according to'); a later one that overlaps a kept one, or whose cue sits inside a kept claim
    (a source cited within someone's statement), is dropped."""
    kept: list[_Found] = []
    for item in found:
        if any(_mostly_overlap(k.content, item.content) or k.content.contains(item.cue) for k in kept):
            continue
        kept.append(item)
    return kept


def _mostly_overlap(a: Span, b: Span) -> bool:
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0.5 * min(a.end - a.start, b.end - b.start)


def _quoted(doc: Doc) -> Iterator[_Found]:
    previous: _Found | None = None
    for m in _QUOTE.finditer(doc.text):
        found = _quote_speaker(doc, m) or _continued(doc, m, previous)
        if found is not None:
            yield found
        previous = found


def _continued(doc: Doc, m: re.Match[str], previous: _Found | None) -> _Found | None:
    """ "“A,” Podolyak said. “B.”": a quotation with no speaker of its own, opening the sentence after an
    attributed one in the same paragraph, goes on with the same speaker."""
    if previous is None:
        return None
    gap = doc.text[max(previous.content.end, previous.cue.end) : m.start()]
    if "\n" in gap or len(gap) > 120 or _QUOTE.search(gap) or not re.search(r"[.!?]\W*\s*$", gap):
        return None
    group = 1 if m.group(1) is not None else 2
    return _Found(Span(m.start(group), m.end(group)), previous.cue, previous.who, previous.verb, None)


def _quote_speaker(doc: Doc, m: re.Match[str]) -> _Found | None:
    text = doc.text
    group = 1 if m.group(1) is not None else 2
    content = Span(m.start(group), m.end(group))
    after = text[m.end() : m.end() + 200]
    paragraph_end = after.find("\n")
    window = after if paragraph_end < 0 else after[:paragraph_end]
    speaker = _SPEAKER_AFTER.match(window)
    if speaker and not speaker.group(0).strip(" ,").lower().startswith(("which", "and", "but")):
        who_group = "who1" if speaker["who1"] else "who2"
        verb = speaker["verb1"] or speaker["verb2"]
        who = Span(m.end() + speaker.start(who_group), m.end() + speaker.end(who_group))
        cue = Span(m.end() + speaker.start(), m.end() + speaker.end())
        sentence_end = window.find(".", speaker.end())
        extra = max(40, sentence_end - speaker.end()) if sentence_end > 0 else 40
        return _Found(content, cue, who, verb.lower(), _time_in(doc, cue, extra=min(extra, 120)))
    later = _SPEAKER_LATER.search(window)
    if later and not _QUOTE.search(window[: later.start()]):
        who = Span(m.end() + later.start("who"), m.end() + later.end("who"))
        cue = Span(m.end() + later.start(), m.end() + later.end("who"))
        return _Found(content, cue, who, later["verb"].lower(), None)
    before = _SPEAKER_BEFORE.search(text[max(0, m.start() - 120) : m.start()])
    if before:
        offset = max(0, m.start() - 120)
        who = Span(offset + before.start("who"), offset + before.end("who"))
        return _Found(content, who, who, before["verb"].lower(), _time_in(doc, who))
    return None


def _parsed(doc: Doc) -> Iterator[_Found]:
    if doc.spacy is None:
        return
    text = doc.text
    for token in _reporting_verbs(doc.spacy):
        subjects = _subjects(token)
        # "I", "we" and "you" speak inside someone's quotation, which is read as a whole.
        if subjects and subjects[0].lower_ in _NOT_SPEAKERS:
            continue
        content, who = (
            _content_and_speaker(token, _span_of(subjects), text)
            if subjects
            else _closing_speaker(token, text)
        )
        if who is None or content is None or content.end - content.start < 12:
            continue
        if content.text_of(text).startswith("to "):
            continue  # "2,800 millionaires expected to have left": the subject is the topic, not a speaker
        verb = Span(token.idx, token.idx + len(token))
        # A shared subject ("..., adding that") sits before another statement: the cue is the verb alone.
        cue = verb if _inherits_subject(token) else Span(min(who.start, verb.start), max(who.end, verb.end))
        yield _Found(content, cue, who, token.lemma_.lower(), _time_in(doc, verb, extra=40))


_NOT_SPEAKERS = frozenset(["it", "that", "which", "who", "i", "we", "you"])


def _reporting_verbs(spacy_doc: SpacyDoc) -> Iterator[Token]:
    """The verbs whose lemma is a reporting verb. The parts of speech are read as one array: a Python
    object for each of the document's tokens would cost more than reading the claims."""
    parts: Any = spacy_doc.to_array(POS)
    for i in numpy.flatnonzero((parts == VERB) | (parts == AUX)):
        token = spacy_doc[int(i)]
        if token.lemma_.lower() in REPORTING_VERBS:
            yield token


def _span_of(tokens: Sequence[Token]) -> Span:
    spans = [_subtree_span(t) for t in tokens]
    return Span(min(s.start for s in spans), max(s.end for s in spans))


def _subjects(verb: Token) -> list[Token]:
    """The verb's subject, or the subject it shares: "X denies A, but said B", "X said A, adding that B"."""
    own = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if own or verb.dep_ not in ("conj", "advcl"):
        return own
    for head in verb.ancestors:
        if head.lemma_.lower() in REPORTING_VERBS and head.pos_ in ("VERB", "AUX"):
            subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and subjects[0].lower_ not in _NOT_SPEAKERS:
                return subjects
    return []


def _inherits_subject(verb: Token) -> bool:
    return not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and verb.dep_ in ("conj", "advcl")


_CLOSING_SPEAKER = re.compile(r",\s+(?P<who>[^,;“”\"]{2,80}?)\s*$")


def _closing_speaker(verb: Token, text: str) -> tuple[Span | None, Span | None]:
    """ "CONTENT, Luhansk governor Serhiy Haidai said on Monday.": the parse lost the subject (it hung the
    name on the content as an apposition), so the speaker is read from the words between the comma and
    the verb."""
    sentence = verb.sent
    m = _CLOSING_SPEAKER.search(text[sentence.start_char : verb.idx])
    if m is None or not _ENDS_REPORT.match(text[verb.idx + len(verb) : sentence.end_char]):
        return None, None
    who = Span(sentence.start_char + m.start("who"), sentence.start_char + m.end("who"))
    phrase = who.text_of(text)
    if len(phrase.split()) > 8 or not (re.search(r"[A-Z]", phrase) or _ROLE_PHRASE.match(phrase)):
        return None, None
    return Span(sentence.start_char, sentence.start_char + m.start()), who


_NAME_SHAPE = re.compile(r"^(?:[A-Z][\w'’.-]+\s+){1,2}[A-Z][\w'’-]+$")
# Words that name who speaks for a body: a lower-case speaker phrase is one only when it has one
# ("the head of the regional military administration", "local officials").
_ROLE_WORD = re.compile(
    r"\b(?:officials?|governor|mayor|spokes(?:man|woman|person)|police|witness(?:es)?|residents|sources?|"
    r"ministry|head|chief|commander|advis[eo]rs?|authorities|military|army|council|administration|"
    r"prosecutors?|service|monitors?|medics|doctors|rescuers|journalists|reporters|president|minister|"
    r"secretary|director|agency|office|staff|command|operator)\b",
    re.I,
)
_ROLE_PHRASE = re.compile(rf"^(?:(?:the|a|an)\s+)?[\w\s'’-]*?{_ROLE_WORD.pattern}", re.I)


def _after_last_comma(text: str, who: Span) -> Span:
    """ "Huliaipole, the head of the town's administration" -> "the head of the town's administration",
    "killing at least 18 people, regional governor Dmytro Lunin" -> "regional governor Dmytro Lunin": in
    "CONTENT, SPEAKER said" the last comma ends the content, unless the two sides are a name and its role
    in apposition ("Oksana Melnyk, a spokeswoman for the city council"; "the mayor, Ihor Terekhov")."""
    phrase = who.text_of(text).rstrip(" ,")
    commas = list(re.finditer(r",\s+", phrase))
    if not commas:
        return who
    before = re.split(r",\s*", phrase[: commas[-1].start()])[-1].strip()
    after = phrase[commas[-1].end() :].strip()
    if _NAME_SHAPE.match(before) or (_NAME_SHAPE.match(after) and _ROLE_WORD.search(before)):
        return who
    return Span(who.start + commas[-1].end(), who.end)


def _content_and_speaker(verb: Token, who: Span, text: str) -> tuple[Span | None, Span]:
    """What was said, and who said it: "the official indicated that CONTENT" or "CONTENT, SPEAKER said"."""
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None) or _reported_object(verb)
    if clause is not None and clause.idx > verb.idx:
        return _trim_that(text, _without_next_report(clause, text)), who
    who = _after_last_comma(text, who)
    return _preceding_content(verb, who, text), who


def _preceding_content(verb: Token, who: Span, text: str) -> Span | None:
    """ "CONTENT, a senior official said Wednesday.": the clause before the speaker."""
    sentence = verb.sent
    if who.start > verb.idx or who.start <= sentence.start_char:
        return None
    if not _ENDS_REPORT.match(text[verb.idx + len(verb) : sentence.end_char]):
        return None  # the speaker and verb must close the sentence; anything longer is another shape
    end = who.start
    while end > sentence.start_char and text[end - 1] in " ,":
        end -= 1
    return Span(sentence.start_char, end)


_ENDS_REPORT = re.compile(
    r"^(?:(?:\s*\w+){0,6}\s*(?:[.!?”\"]\s*)?$|(?:[\w\s]{0,30}?),\s*(?:adding|saying|noting|citing|stressing|"
    r"warning|dismissing|according|in\s+a\s+statement)\b|(?:\s*\w+){0,3}\s*,\s*(?:as|while|when)\s+(?!well\b))"
)  # "..., officials said on Friday, as the city mourned": a clause of circumstance closes it too


_REPORT_NOUNS = frozenset(
    ["claim", "report", "allegation", "suggestion", "accusation", "rumour", "rumor", "assertion", "statement"]
)


def _reported_object(verb: Token) -> Token | None:
    """ "rejected the claim that CONTENT", "dismissed reports that CONTENT": the clause on the object."""
    for obj in verb.children:
        if obj.dep_ == "dobj" and obj.lemma_.lower() in _REPORT_NOUNS:
            return next((c for c in obj.children if c.dep_ in ("acl", "ccomp", "relcl")), None)
    return None


def _without_next_report(clause: Token, text: str) -> Span:
    """The clause, cut before a participle or a joined verb that starts the next statement of the same
    speaker: "A, adding that B", "A, and denied that B"."""
    span = _subtree_span(clause)
    for token in clause.subtree:
        if token is not clause and token.lemma_.lower() in REPORTING_VERBS and _next_report(token):
            start = _subtree_span(token).start
            if span.start < start < span.end:
                return Span(span.start, _before_joint(text, span.start, start))
    return span


def _next_report(token: Token) -> bool:
    """A participle ("adding that") or a verb joined without a subject of its own that reports a clause
    ("and denied that ...")."""
    if token.tag_ == "VBG":
        return True
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    reports = any(c.dep_ in ("ccomp", "xcomp") for c in token.children)
    return token.dep_ == "conj" and token.pos_ == "VERB" and reports and not own_subject


def _before_joint(text: str, start: int, end: int) -> int:
    """Where a clause ends before the next statement, without the comma or "and" between them."""
    while True:
        trimmed = text[start:end].rstrip(" ,")
        for joint in (" and", " but"):
            if trimmed.endswith(joint):
                trimmed = trimmed[: -len(joint)]
        if len(trimmed) == end - start:
            return end
        end = start + len(trimmed)


def _trim_that(text: str, span: Span) -> Span:
    m = re.match(r"\s*(?:that\s+|,\s*)+", text[span.start : span.end])
    return Span(span.start + m.end(), span.end) if m else span


def _subtree_span(token: Token) -> Span:
    tokens = list(token.subtree)
    return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1]))


_APPOSED_NAME = re.compile(r",\s*(?P<name>(?:[A-Z][\w'’-]+\s+){1,2}[A-Z][\w'’-]+)\s*,")


def _according(doc: Doc) -> Iterator[_Found]:
    if doc.spacy is None:
        return
    text = doc.text
    for sentence in _sentences_with(doc.spacy, _ACCORDING_WORD.finditer(text)):
        for m in _ACCORDING.finditer(sentence.text):
            start = sentence.start_char
            who = Span(start + m.start("who"), start + m.end("who"))
            # "According to the regional governor, Oleh Synegubov, CONTENT": the name belongs to the speaker.
            named = _APPOSED_NAME.match(text, who.end)
            if named:
                who = Span(who.start, named.end("name"))
            cue = Span(start + m.start(), named.end() if named else start + m.end())
            before = text[sentence.start_char : cue.start].rstrip(" ,")
            content = (
                Span(sentence.start_char, sentence.start_char + len(before))
                if len(before) > 12
                else _stripped(text, Span(cue.end, sentence.end_char))
            )
            yield _Found(content, cue, who, "according to", None)


_ACCORDING_WORD = re.compile(r"according", re.I)


def _sentences_with(spacy_doc: SpacyDoc, found: Iterator[re.Match[str]]) -> Iterator[SpacySpan]:
    """The sentences in which a match starts, once each, in order."""
    offsets = [m.start() for m in found]
    if not offsets:
        return
    for sentence in spacy_doc.sents:
        if any(sentence.start_char <= offset < sentence.end_char for offset in offsets):
            yield sentence


def _stripped(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start] in " ,":
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _time_in(doc: Doc, span: Span, *, extra: int = 0) -> TimeRef | None:
    window = Span(span.start, span.end + extra)
    return next((t for t in doc.times if t.span is not None and window.contains(t.span)), None)


def _claims_for(doc: Doc, item: _Found, speaker: Speaker) -> list[Claim]:
    text = doc.text
    content_text = item.content.text_of(text)
    stance, hedge = _stance(item.verb, content_text, text[item.cue.start : item.cue.end])
    claim = Claim(
        id=record_id("claim", doc.article.id, item.content.start, item.content.end),
        speaker=speaker,
        verb=item.verb,
        span=item.content,
        stance=stance,
        modality=_modality(item.verb, content_text),
        said=item.said,
        cue=item.cue,
        hedge=hedge,
    )
    return [*_contrary_reports(doc, item), claim]


def _contrary_reports(doc: Doc, item: _Found) -> list[Claim]:
    """'despite open source reports to the contrary, of X' inside a claim: X is itself a reported claim."""
    return _report_claims(doc, item.content)


def _unattributed_reports(doc: Doc, claims: Sequence[Claim]) -> list[Claim]:
    """ "There were unconfirmed reports of X" outside anyone's statement: X is a claim of the reports."""
    found = _report_claims(doc, Span(0, len(doc.text)))
    return [c for c in found if not any(k.span.contains(c.span) or k.id == c.id for k in claims)]


def _report_claims(doc: Doc, within: Span) -> list[Claim]:
    claims = []
    for m in _CONTRARY_REPORTS.finditer(within.text_of(doc.text)):
        what = Span(within.start + m.start("what"), within.start + m.end("what"))
        claims.append(
            Claim(
                id=record_id("claim", doc.article.id, what.start, what.end),
                speaker=Speaker(organisation=m["who"].strip()),
                verb="report",
                span=what,
                stance=Stance.REPORTED,
                modality=Modality.FACT,
                hedge=m["who"].strip(),
            )
        )
    return claims


def _stance(verb: str, content: str, cue: str) -> tuple[Stance, str]:
    if verb in _VERB_STANCE and _VERB_STANCE[verb] is Stance.DENIED:
        return Stance.DENIED, ""
    if _DISPUTE.search(content):
        return Stance.DISPUTED, ""
    hedge = _HEDGE.search(content) or _HEDGE.search(cue)
    if hedge:
        return Stance.REPORTED, hedge.group(0)
    if verb in _VERB_STANCE:
        return _VERB_STANCE[verb], ""
    if _ASSESS.search(content):
        return Stance.ASSESSED, ""
    return Stance.ASSERTED, ""


def _modality(verb: str, content: str) -> Modality:
    if _INTENTION.search(_main_clause(content)) or _OWN_ACTION.search(content):
        return Modality.INTENTION
    if _FORECAST.search(content) or verb in ("predict", "expect"):
        return Modality.FORECAST
    if verb in ("assess", "believe", "estimate", "maintain", "conclude") or _ASSESS.search(content):
        return Modality.ASSESSMENT
    return Modality.FACT


# Where the main clause of a claim ends: "A lost its potential and that it is redeploying in an attempt to
# continue" asserts what A did; the aim it names for A further on is no intention of the claim's.
_CLAUSE_END = re.compile(r"[,;:]|\band\s+that\b|\bwhich\b", re.I)
_MAIN_CLAUSE_WORDS = 10


_OPENING_PHRASE = re.compile(
    r"^\s*(?:in|on|at|after|before|since|despite|during|for|with|by|from|according|over|under)\b", re.I
)


def _main_clause(content: str) -> str:
    """The first words of a claim's main clause, where its own intention words stand ("Russia wants to"),
    past an opening phrase ("After weeks of fighting, Russia plans to")."""
    clauses = [c for c in _CLAUSE_END.split(content) if c.strip()]
    head = next((c for c in clauses if not _OPENING_PHRASE.match(c)), clauses[0] if clauses else "")
    return " ".join(head.split()[:_MAIN_CLAUSE_WORDS])


def _resolve_speaker(doc: Doc, entities: _Entities, item: _Found, earlier: Sequence[Claim]) -> Speaker:
    who = _last_paragraph(doc.text, item.who)
    phrase = who.text_of(doc.text).strip(" ,")
    anaphor = _ANAPHOR.match(phrase)
    if anaphor:
        head = anaphor["head"].lower()
        before = min(who.start, item.content.start)
        person = _person_before(entities, before, earlier) if head in ("he", "she") else ""
        if person:
            known = (c.speaker for c in earlier if c.speaker.name.split()[-1:] == person.split()[-1:])
            return next(known, Speaker(name=person))
        antecedent = _antecedent(head, earlier)
        if antecedent is not None:
            return antecedent
    return _describe(doc, entities, who)


def _last_paragraph(text: str, who: Span) -> Span:
    """A photo caption or headline before the speaker is not part of it: keep the last paragraph."""
    cut = who.text_of(text).rfind("\n")
    return who if cut < 0 else Span(who.start + cut + 1, who.end)


def _person_before(entities: _Entities, before: int, earlier: Sequence[Claim]) -> str:
    """ "Angela Merkel defended her decision ... “...,” she said.": the full name mentioned last before the
    pronoun, after the latest claim's cue and outside anyone's claimed words, is who "he" or "she" is."""
    since = max((c.cue.end for c in earlier if c.cue is not None and c.cue.end <= before), default=0)
    since = max(since, before - 600)
    for ent in reversed(entities.all):
        if ent.end_char > before or ent.start_char < since or ent.label_ != "PERSON":
            continue
        inside = any(c.span.start <= ent.start_char < c.span.end for c in earlier)
        # One word is a person's name only as the subject or agent of a verb ("conceded by Zelenskiy").
        acting = ent.root.dep_ in ("nsubj", "nsubjpass") or (
            ent.root.dep_ == "pobj" and ent.root.head.dep_ == "agent"
        )
        if (len(ent) > 1 or acting) and not inside and not _ORG_WORDS.search(ent.text):
            return str(ent.text)
    return ""


def _antecedent(head: str, earlier: Sequence[Claim]) -> Speaker | None:
    for claim in reversed(earlier):
        speaker = claim.speaker
        if not (speaker.name or speaker.role):
            continue
        if head in ("he", "she") and not speaker.name and _INSTITUTION_HEAD.search(speaker.role):
            continue  # "he" is a person, not "the ministry"
        # "the official" and "the source" stand for any earlier speaker; "the adviser" for an adviser.
        if head in ("he", "she", "they", "source", "official") or head in speaker.role.lower():
            return speaker
    return None


_INSTITUTION_HEAD = re.compile(
    r"\b(?:ministry|office|department|organisation|organization|agency|council|government|staff|service|"
    r"command|committee|commission|army|forces|military|police)$",
    re.I,
)
_ORG_WORDS = re.compile(
    r"\b(?:Rights|Ministry|Office|Department|Council|Forces|Army|Presidency|Commission|Nations|Union|Staff|"
    r"Committee|Agency|Service|Command|Government|Administration|Republic|Kremlin|Pentagon)\b"
)
_APPOSITIVE_NAME = re.compile(
    r"(?:^|,\s*|\b(?:adviser|advisor|spokes\w+|minister|official|commander|governor|"
    r"mayor|president|general|colonel|head|chief|director)\s+)"
    r"((?:[A-Z][\w'’-]+\.?\s+){1,2}[A-Z][\w'’-]+)\s*$"
)


def _describe(doc: Doc, entities: _Entities, who: Span) -> Speaker:
    """Split a speaker phrase into name, role and organisation, from the entity layer and its shape."""
    phrase = who.text_of(doc.text)
    span = doc.tokens(who)
    inside = entities.within(span) if span is not None else []
    name = _person_name(inside, phrase)
    organisation = _organisation_in(phrase) or _entity_organisation(inside, name)
    return Speaker(name=name, role=_role(phrase, name), organisation=organisation)


def _person_name(inside: Sequence[SpacySpan], phrase: str) -> str:
    for ent in inside:
        # One word is a person only when it is the whole phrase ("Macron said"): "Kyiv" can be a PERSON too.
        whole = ent.text == phrase.strip()
        if ent.label_ == "PERSON" and (len(ent) > 1 or whole) and not _ORG_WORDS.search(ent.text):
            return str(ent.text)
    m = _APPOSITIVE_NAME.search(phrase.rstrip(" ,"))
    return m.group(1) if m and not _ORG_WORDS.search(m.group(1)) and not m.group(1).startswith("The ") else ""


def _entity_organisation(inside: Sequence[SpacySpan], name: str) -> str:
    """The organisation among the entities of a speaker phrase (`inside`), other than the person `name`."""
    for ent in inside:
        if ent.label_ in ("ORG", "GPE") and (not name or (ent.text not in name and name not in ent.text)):
            return _organisation(inside, ent)
    return ""


def _organisation(inside: Sequence[SpacySpan], ent: SpacySpan) -> str:
    # "US Department of Defense" may be split by the tagger into GPE + ORG: take the adjacent run.
    ents = [e for e in inside if e.label_ in ("ORG", "GPE", "NORP")]
    run = [ent]
    for e in ents:
        if e.start == run[-1].end or (e.start == run[-1].end + 1 and run[-1].doc[run[-1].end].lower_ == "of"):
            run.append(e)
    return str(ent.doc[run[0].start : run[-1].end].text)


_INSTITUTION = re.compile(
    r"((?:[A-Z][\w.]*\s+)*(?:[Oo]ffice|[Mm]inistry|[Dd]epartment|[Cc]ommissioner|[Mm]ission)\s+(?:of|for)\s+"
    r"(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:of\s+|for\s+|and\s+)?(?:the\s+)?[A-Z][\w'’-]*)*"
    r"|[A-Z][\w.’']*(?:\s+[\w’']+){0,3}?\s+(?:[Oo]ffice|[Mm]inistry|[Mm]onitoring\s+[Mm]ission|[Aa]gency|"
    r"[Cc]ouncil|[Cc]ommittee|[Cc]ommission|[Ss]ervice|[Aa]dministration|[Ss]taff))\b"
)


def _organisation_in(phrase: str) -> str:
    m = _INSTITUTION.search(phrase)
    return m.group(1) if m else ""


def _role(phrase: str, name: str) -> str:
    role = phrase.replace(name, " ") if name else phrase
    role = re.sub(r"\s+", " ", role).strip(" ,")
    role = _DETERMINER.sub("", role)
    role = re.sub(
        r"^(?:latest\s+)?(?:data|figures|statement|report)\s+(?:from|of|by)\s+(?:the\s+)?", "", role
    )
    return re.sub(r"^(adviser|advisor|official|minister|spokesperson)s\b", r"\1", role)
