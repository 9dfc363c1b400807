"""Claims: who said what, when, and how firmly.

Three shapes of reported speech are read: a quotation with its speaker before or after it
(`“...” said the US official`), a reporting verb with its subject and clause (`the official indicated that
...`, `..., a senior official said Wednesday`) from the dependency parse, and `according to X`. A speaker
named by role only ("the source", "the adviser", "he") is linked to the latest speaker it fits. Hedges
("reportedly", "open source reports") make a claim `reported`; "this has not happened" disputes one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

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
    r"to\s+the\s+contrary|is\s+(?:not\s+true|false|untrue)|no\s+evidence|fake|baseless|did\s+not\s+happen)\b",
    re.I,
)
_CONTRARY_REPORTS = re.compile(
    r"\b(?:despite\s+|there\s+(?:are|were|have\s+been)\s+)"
    r"(?P<who>(?:open[- ]source\s+|unconfirmed\s+|media\s+|social\s+media\s+)?reports?)"
    r"(?:\s+to\s+the\s+contrary)?,?\s+(?:of|that)\s+(?P<what>[^,.;]+)",
    re.I,
)
_INTENTION = re.compile(rf"\b(?:{INTENTION_CUES})\b", re.I)
_FORECAST = re.compile(
    r"\b(will\s+likely|is\s+likely\s+to|could|may\s+soon|is\s+expected\s+to|forecasts?)\b", re.I
)
_ASSESS = re.compile(
    r"\b(we\s+assess|assess(?:es|ed)?\s+that|believes?\s+that|in\s+our\s+view|probably|likely)\b", re.I
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
        for item in sorted(_dedupe(_find_all(doc)), key=lambda f: f.content.start):
            speaker = _resolve_speaker(doc, item.who, claims)
            claims.extend(c for c in _claims_for(doc, item, speaker) if c.id not in {k.id for k in claims})
        doc.claims = tuple(claims)


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
    text = doc.text
    for m in _QUOTE.finditer(text):
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
            yield _Found(content, cue, who, verb.lower(), _time_in(doc, cue, extra=40))
            continue
        later = _SPEAKER_LATER.search(window)
        if later and not _QUOTE.search(window[: later.start()]):
            who = Span(m.end() + later.start("who"), m.end() + later.end("who"))
            cue = Span(m.end() + later.start(), m.end() + later.end("who"))
            yield _Found(content, cue, who, later["verb"].lower(), None)
            continue
        before = _SPEAKER_BEFORE.search(text[max(0, m.start() - 120) : m.start()])
        if before:
            offset = max(0, m.start() - 120)
            who = Span(offset + before.start("who"), offset + before.end("who"))
            yield _Found(content, who, who, before["verb"].lower(), _time_in(doc, who))


def _parsed(doc: Doc) -> Iterator[_Found]:
    if doc.spacy is None:
        return
    for token in doc.spacy:
        if token.lemma_.lower() not in REPORTING_VERBS or token.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        # "I", "we" and "you" speak inside someone's quotation, which is read as a whole.
        if not subjects or subjects[0].lower_ in ("it", "that", "which", "who", "i", "we", "you"):
            continue
        spans = [_subtree_span(c) for c in subjects]
        who = Span(min(s.start for s in spans), max(s.end for s in spans))
        content, who = _content_and_speaker(token, who)
        if content is None or content.end - content.start < 12:
            continue
        cue = Span(min(who.start, token.idx), max(who.end, token.idx + len(token)))
        verb = Span(token.idx, token.idx + len(token))
        yield _Found(content, cue, who, token.lemma_.lower(), _time_in(doc, verb, extra=40))


_NAME_SHAPE = re.compile(r"^(?:[A-Z][\w'’.-]+\s+){1,2}[A-Z][\w'’-]+$")


def _after_last_comma(text: str, who: Span) -> Span:
    """ "Huliaipole, the head of the town's administration" -> "the head of the town's administration": in
    "CONTENT, SPEAKER said", a comma before a determiner ends the content, unless what precedes it is a
    name in apposition ("Oksana Melnyk, a spokeswoman for the city council")."""
    phrase = who.text_of(text)
    commas = list(re.finditer(r",\s+(?=(?:the|a|an)\s)", phrase))
    if not commas:
        return who
    before = re.split(r",\s*", phrase[: commas[-1].start()])[-1]
    return who if _NAME_SHAPE.match(before) else Span(who.start + commas[-1].end(), who.end)


def _content_and_speaker(verb: Token, who: Span) -> tuple[Span | None, Span]:
    """What was said, and who said it: "the official indicated that CONTENT" or "CONTENT, SPEAKER said"."""
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    if clause is not None and clause.idx > verb.idx:
        return _trim_that(verb.doc.text, _subtree_span(clause)), who
    who = _after_last_comma(verb.doc.text, who)
    return _preceding_content(verb, who), who


def _preceding_content(verb: Token, who: Span) -> Span | None:
    """ "CONTENT, a senior official said Wednesday.": the clause before the speaker."""
    sentence = verb.sent
    if who.start > verb.idx or who.start <= sentence.start_char:
        return None
    if not _ENDS_REPORT.match(verb.doc.text[verb.idx + len(verb) : sentence.end_char]):
        return None  # the speaker and verb must close the sentence; anything longer is another shape
    end = who.start
    while end > sentence.start_char and verb.doc.text[end - 1] in " ,":
        end -= 1
    return Span(sentence.start_char, end)


_ENDS_REPORT = re.compile(
    r"^(?:(?:\s*\w+){0,3}\s*(?:[.!?”\"]\s*)?$|(?:[\w\s]{0,30}?),\s*(?:adding|saying|noting|citing|stressing|"
    r"warning|dismissing|according|in\s+a\s+statement)\b)"
)


def _trim_that(text: str, span: Span) -> Span:
    m = re.match(r"\s*(?:that\s+|,\s*)+", text[span.start : span.end])
    return Span(span.start + m.end(), span.end) if m else span


def _subtree_span(token: Token) -> Span:
    tokens = list(token.subtree)
    return Span(tokens[0].idx, tokens[-1].idx + len(tokens[-1]))


def _according(doc: Doc) -> Iterator[_Found]:
    if doc.spacy is None:
        return
    text = doc.text
    for sentence in doc.spacy.sents:
        for m in _ACCORDING.finditer(sentence.text):
            start = sentence.start_char
            who = Span(start + m.start("who"), start + m.end("who"))
            cue = Span(start + m.start(), start + m.end())
            before = text[sentence.start_char : cue.start].rstrip(" ,")
            content = (
                Span(sentence.start_char, sentence.start_char + len(before))
                if len(before) > 12
                else Span(cue.end, sentence.end_char)
            )
            yield _Found(content, cue, who, "according to", None)


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
    claims = []
    for m in _CONTRARY_REPORTS.finditer(item.content.text_of(doc.text)):
        what = Span(item.content.start + m.start("what"), item.content.start + m.end("what"))
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
    if _INTENTION.search(content):
        return Modality.INTENTION
    if _FORECAST.search(content) or verb in ("predict", "expect"):
        return Modality.FORECAST
    if verb in ("assess", "believe", "estimate", "maintain", "conclude") or _ASSESS.search(content):
        return Modality.ASSESSMENT
    return Modality.FACT


def _resolve_speaker(doc: Doc, who: Span, earlier: Sequence[Claim]) -> Speaker:
    phrase = who.text_of(doc.text).strip(" ,")
    anaphor = _ANAPHOR.match(phrase)
    if anaphor:
        antecedent = _antecedent(anaphor["head"].lower(), earlier)
        if antecedent is not None:
            return antecedent
    return _describe(doc, who)


def _antecedent(head: str, earlier: Sequence[Claim]) -> Speaker | None:
    for claim in reversed(earlier):
        speaker = claim.speaker
        if not (speaker.name or speaker.role):
            continue
        # "the official" and "the source" stand for any earlier speaker; "the adviser" for an adviser.
        if head in ("he", "she", "they", "source", "official") or head in speaker.role.lower():
            return speaker
    return None


_ORG_WORDS = re.compile(
    r"\b(?:Rights|Ministry|Office|Department|Council|Forces|Army|Presidency|Commission|Nations|Union|Staff|"
    r"Committee|Agency|Service|Command|Government|Administration|Republic|Kremlin|Pentagon)\b"
)
_APPOSITIVE_NAME = re.compile(
    r"(?:^|,\s*|\b(?:adviser|advisor|spokes\w+|minister|official|commander|governor|"
    r"mayor|president|general|colonel|head|chief|director)\s+)"
    r"((?:[A-Z][\w'’-]+\.?\s+){1,2}[A-Z][\w'’-]+)\s*$"
)


def _describe(doc: Doc, who: Span) -> Speaker:
    """Split a speaker phrase into name, role and organisation, from the entity layer and its shape."""
    phrase = who.text_of(doc.text)
    name = _person_name(doc, who, phrase)
    organisation = _organisation_in(phrase) or _entity_organisation(doc, who, name)
    return Speaker(name=name, role=_role(phrase, name), organisation=organisation)


def _person_name(doc: Doc, who: Span, phrase: str) -> str:
    span = doc.tokens(who)
    for ent in span.ents if span is not None else ():
        # One word is a person only when it is the whole phrase ("Macron said"): "Kyiv" can be a PERSON too.
        whole = ent.text == phrase.strip()
        if ent.label_ == "PERSON" and (len(ent) > 1 or whole) and not _ORG_WORDS.search(ent.text):
            return str(ent.text)
    m = _APPOSITIVE_NAME.search(phrase)
    return m.group(1) if m and not _ORG_WORDS.search(m.group(1)) and not m.group(1).startswith("The ") else ""


def _entity_organisation(doc: Doc, who: Span, name: str) -> str:
    span = doc.tokens(who)
    if span is None:
        return ""
    for ent in span.ents:
        if ent.label_ in ("ORG", "GPE") and (not name or (ent.text not in name and name not in ent.text)):
            return _organisation(span, ent)
    return ""


def _organisation(span: SpacySpan, ent: SpacySpan) -> str:
    # "US Department of Defense" may be split by the tagger into GPE + ORG: take the adjacent run.
    ents = [e for e in span.ents if e.label_ in ("ORG", "GPE", "NORP")]
    run = [ent]
    for e in ents:
        if e.start == run[-1].end or (e.start == run[-1].end + 1 and run[-1].doc[run[-1].end].lower_ == "of"):
            run.append(e)
    return str(span.doc[run[0].start : run[-1].end].text)


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
