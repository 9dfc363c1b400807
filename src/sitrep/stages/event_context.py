"""Whether an event word tells an event at all, in the way feature writing and live blogs use such words.

Wire copy and ACLED's notes use "missiles", "fighting", "targeted" for things that happened. Long-form
journalism uses the same words for much else, and none of it is an event:
- a condition or a supposition: "if a shell were to hit the reactor", "Should the defenders be taken
  prisoner", "a prisoner exchange could be a solution";
- another sense of the word: "the figures demonstrate", "attacked the minister for comparing", "targeting the
  regime economically", "the battle for the east", "fighting alongside the rebels", "strike a deal";
- a frame around the event word: "an escalation in hostilities", "the threat of air strikes", "a shipment of
  missiles", "plans to supply drones", "howitzers promised by its allies";
- a state rather than an act: "the occupied Kherson region", "Russia-occupied Kherson", "seized territories",
  "an exhibition of destroyed vehicles";
- page furniture: a photograph's caption, a "Read more" link.
Each rule reads the dependency parse where one is available and leaves the word as an event otherwise.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sitrep.models import Span
from sitrep.pipeline import Doc
from sitrep.stages.event_kinds import PEOPLE

if TYPE_CHECKING:
    from spacy.tokens import Token

# Nouns an event word can depend on without an event happening: "the threat of air strikes", "an escalation
# in hostilities", "a missile shipment", "the anniversary of the battle".
_FRAME_HEADS = frozenset(
    "stock stocks supply supplies shortage delivery deliveries shipment shipments production package aid "
    "maker makers manufacturer factory technology programme program expert experts analyst analysts "
    "arsenal stockpile stockpiles sale sales purchase purchases transfer transfers batch exhibition "
    "display parade museum test tests threat threats risk risks fear fears danger prospect prospects "
    "possibility likelihood chance chances escalation outcome cessation history memory memories "
    "anniversary lesson lessons tactic tactics strategy doctrine capability capabilities capacity ability "
    "ban law laws rules convention game games simulation exercise exercises drill drills idea ideas notion "
    "concept talk plan plans proposal proposals question questions debate debates discussion discussions "
    "issue issues area areas zone zones force centre center facility facilities camp camps".split()
)  # fmt: skip
# Equipment a one-word weapon can name without being fired ("artillery units", "stocks of missiles"); a
# phrase such as "multiple rocket launchers" fired at positions is an attack all the same.
_EQUIPMENT_HEADS = frozenset(
    "ammunition system systems unit units battery range type number plant launcher launchers defence "
    "defense vehicle vehicles tank tanks group groups".split()
)  # fmt: skip
_FRAME_PREPOSITIONS = frozenset(["of", "in", "to", "for", "against", "from", "over", "on"])
_WEAPONS = frozenset(
    "drone drones uav uavs missile missiles rocket rockets artillery howitzer howitzers shell shells "
    "mortar mortars warplane warplanes jet jets bomb bombs munition munitions weapon weapons mlrs grad "
    "rifle rifles gun guns equipment".split()
)  # fmt: skip
# What is done with weapons that is not firing them: "to supply the army with drones", "howitzers promised by
# its allies", "a country developing hypersonic missiles".
_HANDLING_VERBS = frozenset(
    "supply provide sell send deliver give promise pledge buy purchase acquire receive get transfer ship "
    "export import produce manufacture make develop test build need want request ask seek equip arm "
    "donate lend possess own have stockpile store hide deploy station arrive lack replenish modernise "
    "modernize upgrade train display exhibit unveil order approve announce".split()
)  # fmt: skip
_CONDITION_MARKS = frozenset(["if", "unless", "whether", "lest"])
_INVERTED_CONDITION = frozenset(["should", "were", "had"])
_SPECULATIVE = frozenset(["could", "might", "may", "would", "can", "should", "must", "will"])
# Verbs of taking or holding ground that, as a modifier, describe a state: "the occupied Kherson region".
_STATE_PARTICIPLES = frozenset(
    ["occupied", "seized", "captured", "taken", "destroyed", "liberated", "held", "controlled", "annexed",
     "recaptured", "retaken", "damaged", "detained", "arrested", "abducted", "deported", "shelled", "bombed",
     "targeted"]
)  # fmt: skip
# Targets that are not places or people under fire: "targeting the regime economically", "sanctions
# targeting oligarchs", "disinformation targeting voters".
_ECONOMIC_TARGETS = frozenset(
    "regime economy oligarch oligarchs bank banks asset assets sector sectors industry industries export "
    "exports import imports elite elites individual individuals company companies firm firms business "
    "businesses revenue revenues voter voters audience audiences consumer consumers market markets brand "
    "brands account accounts".split()
)  # fmt: skip
_ECONOMIC_WORDS = re.compile(
    r"\b(?:sanction\w*|economically|financially|embargo\w*|tariffs?|cyber\w*|hackers?)\b", re.I
)
_SUPPORT_NOUNS = frozenset(
    "side behalf army country cause freedom independence homeland unit battalion legion force forces "
    "ukraine russia".split()
)  # fmt: skip
_PEOPLE = re.compile(rf"^(?:{PEOPLE})$", re.I)
_CAPTION = re.compile(r"^\W{0,3}(?:Photograph|Photo|Illustration|Composite|Picture)\s*:", re.I)
_READ_MORE = re.compile(r"\bRead\s+more\b|\bRelated\s*:", re.I)


def tells_event(doc: Doc, sentence: Span, trigger: Span, *, state_kind: bool) -> bool:
    """Whether the trigger word tells an event (see the module docstring); `state_kind` marks kinds that
    name a state of a place on purpose ("the besieged Mariupol")."""
    if _is_furniture(doc.text, sentence, trigger):
        return False
    tokens = doc.tokens(trigger)
    if tokens is None:
        return True
    word = tokens[0] if len(tokens) > 1 and tokens[0].pos_ == "VERB" else tokens.root
    if not state_kind and _describes_a_state(doc.text, trigger, word):
        return False
    heads = _FRAME_HEADS | _EQUIPMENT_HEADS if len(tokens) == 1 else _FRAME_HEADS
    return not (
        _framed(word, heads)
        or _spoken_of(word)
        or _handled_weapon(word)
        or _other_sense(word, sentence.text_of(doc.text))
        or _supposed(word)
    )


def is_speculative(doc: Doc, trigger: Span) -> bool:
    """An event word under a modal verb ("missiles could hit Kyiv") or inside an aim ("concessions to secure a
    peace agreement", "hopes to launch a counteroffensive")."""
    tokens = doc.tokens(trigger)
    if tokens is None:
        return False
    word = tokens.root
    verb = word if word.pos_ in ("VERB", "AUX") else _governing_verb(word)
    return verb is not None and (_has_modal(verb) or _aimed_at(verb))


# Verbs after which an infinitive says what someone means to do, not what was done; "began to shell", "tried
# to storm" report what happened.
_AIMING_VERBS = frozenset(
    "want plan intend aim seek hope need vow pledge promise threaten prepare expect wish push urge ask "
    "call strive look mean".split()
)  # fmt: skip


def _aimed_at(verb: Token) -> bool:
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    if verb.dep_ in ("advcl", "ccomp"):  # "made concessions to secure a deal": a purpose, to bring it about
        return verb.lemma_.lower() in _BRINGING_ABOUT
    if verb.dep_ == "acl":  # "received the order to withdraw"
        return verb.head.lemma_.lower() in _AIMING_NOUNS
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _AIMING_VERBS


_AIMING_NOUNS = frozenset(
    "order plan decision call request demand proposal promise pledge threat intention readiness permission "
    "right".split()
)  # fmt: skip


# "to secure a deal", "to launch an offensive"; not "to break up a rally", which acts on what is there.
_BRINGING_ABOUT = frozenset(
    "secure reach achieve launch start begin conduct carry stage hold organise organize mount negotiate "
    "sign win seal clinch broker".split()
)  # fmt: skip


def _is_furniture(text: str, sentence: Span, trigger: Span) -> bool:
    """A photograph's caption (the sentence the credit follows) or the headline of a "Read more" link."""
    after = text[sentence.end : sentence.end + 40]
    inside_after = text[trigger.end : sentence.end]
    if _CAPTION.match(after) or re.search(r"\b(?:Photograph|Photo)\s*:", inside_after):
        return True
    return bool(_READ_MORE.search(inside_after)) and "Read more" in text[sentence.start : sentence.end]


def _describes_a_state(text: str, trigger: Span, word: Token) -> bool:
    """ "the occupied Kherson region", "Russia-occupied Kherson", "seized territories"."""
    if word.lower_ not in _STATE_PARTICIPLES:
        return False
    return word.dep_ == "amod" or text[trigger.start - 1 : trigger.start] == "-"


def _framed(word: Token, heads: frozenset[str]) -> bool:
    """The event word modifies or depends on a noun that frames it: "missile shipment", "threat of raids"."""
    head = word.head
    if word.dep_ in ("compound", "amod", "nmod") and head.lemma_.lower() in heads:
        return True
    if word.dep_ == "pobj" and head.lower_ in _FRAME_PREPOSITIONS:
        return head.head.pos_ in ("NOUN", "PROPN") and head.head.lemma_.lower() in heads
    return False


# Verbs whose object is fighting spoken of as a whole: "accused the allies of fuelling hostilities".
_SPEAKING_OF = frozenset("fuel prolong escalate justify provoke wage glorify".split())


def _spoken_of(word: Token) -> bool:
    governor = _governing_verb(word) if word.pos_ not in ("VERB", "AUX") else None
    return governor is not None and governor.lemma_.lower() in _SPEAKING_OF


def _handled_weapon(word: Token) -> bool:
    """A weapon supplied, promised, developed or shown, not fired: "agreed to supply drones to the army"."""
    if word.lower_ not in _WEAPONS:
        return False
    phrase = word.head if word.dep_ in ("compound", "amod", "nmod") else word
    if any(c.dep_ == "acl" and c.lemma_.lower() in _HANDLING_VERBS for c in phrase.children):
        return True  # "rocket artillery provided by the US"
    governor = _governing_verb(word)
    return governor is not None and governor.lemma_.lower() in _HANDLING_VERBS


def _governing_verb(word: Token) -> Token | None:
    """The verb whose argument the word's phrase is, through prepositions, conjunctions and modifiers."""
    token = word
    for _ in range(6):
        if token.head.i == token.i:
            return None
        if token.dep_ in ("advcl", "ccomp", "xcomp", "relcl", "acl", "parataxis"):
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def _other_sense(word: Token, sentence: str) -> bool:
    lemma = word.lemma_.lower()
    if lemma in ("demonstrate", "demonstration"):
        return _demonstrates_something(word)
    if lemma == "attack" and word.pos_ == "VERB":
        return _verbal_attack(word)
    if lemma == "target" or word.lower_.startswith("target"):
        aimed_at = [c.lemma_.lower() for c in word.children if c.dep_ in ("dobj", "nsubjpass")]
        return any(a in _ECONOMIC_TARGETS for a in aimed_at) or bool(_ECONOMIC_WORDS.search(sentence))
    if lemma in ("battle", "battles"):
        return any(c.dep_ == "prep" and c.lower_ in ("for", "over", "of") for c in word.children)
    if lemma == "fight" or word.lower_ in ("fighting", "fought"):
        # "fighting a proxy war": a war waged, not a fight that took place
        wages = any(
            c.dep_ == "dobj" and c.lemma_.lower() in ("war", "battle", "campaign") for c in word.children
        )
        return wages or _fights_on_a_side(word)
    if lemma in ("strike", "rally") and word.pos_ == "VERB":
        # "aims to strike a deal", "to rally support"
        return any(c.dep_ == "dobj" and c.lemma_.lower() in _FIGURATIVE_OBJECTS for c in word.children)
    return False


_FIGURATIVE_OBJECTS = frozenset(
    "deal deals agreement agreements balance chord tone note bargain compromise pose support backing "
    "allies voters troops morale opinion investors markets".split()
)  # fmt: skip


def _demonstrates_something(word: Token) -> bool:
    """ "the figures demonstrate how", "to demonstrate strength", "a demonstration of support"; not
    "demonstrating residents"."""
    if word.pos_ == "NOUN":
        return any(c.dep_ == "prep" and c.lower_ == "of" for c in word.children)
    return any(
        c.dep_ in ("ccomp", "xcomp")
        or (c.dep_ == "dobj" and not _PEOPLE.search(c.text))
        or (c.dep_ == "prep" and c.lower_ == "to")  # "to demonstrate to the west that ..."
        for c in word.children
    )


def _verbal_attack(word: Token) -> bool:
    """ "attacked the minister for comparing ...", "attacked the decision": criticism, not force."""
    for child in word.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "over"):
            return True
        if child.dep_ == "dobj" and child.lemma_.lower() in _SAID_THINGS:
            return True
    return False


_SAID_THINGS = frozenset(
    "decision decisions comment comments remark remarks statement statements policy policies plan plans "
    "proposal proposals idea ideas law laws government critic critics media press speech report".split()
)  # fmt: skip


def _fights_on_a_side(word: Token) -> bool:
    """ "captured while fighting alongside the army", "volunteers fighting for Ukraine", "forces fighting
    Russia": who serves with whom, not a fight that took place."""
    if word.dep_ == "acl" and word.tag_ == "VBG":
        return True
    for child in word.children:
        if child.dep_ != "prep":
            continue
        if child.lower_ == "alongside":
            return True
        objects = [g for g in child.children if g.dep_ == "pobj"]
        if child.lower_ in ("for", "on") and any(
            g.lemma_.lower() in _SUPPORT_NOUNS or g.ent_type_ == "NORP" for g in objects
        ):
            return True
        # "fighting in the Ukrainian army", "fighting as part of the army"
        if child.lower_ in ("in", "as", "with") and any(g.lemma_.lower() in _RANKS for g in objects):
            return True
    return False


_RANKS = frozenset(
    "military army forces ranks unit units battalion legion part regiment brigade militia".split()
)  # fmt: skip


def _supposed(word: Token) -> bool:
    """Inside a condition ("if a shell were to hit"), an event noun whose verb is a modal copula ("a prisoner
    exchange could be a solution") or says what it is like ("the missiles are capable of"), or a habit."""
    token = word
    for _ in range(12):
        if _conditional(token):
            return True
        if token.head.i == token.i:
            break
        token = token.head
    if word.pos_ in ("NOUN", "PROPN") and word.dep_ in ("nsubj", "nsubjpass"):
        verb = word.head
        said_of = any(c.dep_ == "acomp" and c.lemma_.lower() in _PROPERTIES for c in verb.children)
        return verb.lemma_ == "be" and (_has_modal(verb) or said_of)
    return _habitual(word)


# What a weapon or a kind of attack is like, not something that happened: "the missiles are capable of".
_PROPERTIES = frozenset(
    "capable able likely unlikely possible impossible ready necessary available vulnerable effective "
    "ineffective expensive cheap accurate inaccurate designed intended meant".split()
)  # fmt: skip
# "frequently clashes with Brussels", "often targeted": a habit, not an event.
_HABITUAL = frozenset(
    "frequently often usually always routinely sometimes typically generally traditionally".split()
)  # fmt: skip


def _habitual(word: Token) -> bool:
    verb = word if word.pos_ in ("VERB", "AUX") else _governing_verb(word)
    return verb is not None and any(c.dep_ == "advmod" and c.lower_ in _HABITUAL for c in verb.children)


def _conditional(token: Token) -> bool:
    children = list(token.children)
    if any(c.dep_ == "mark" and c.lower_ in _CONDITION_MARKS for c in children):
        return True
    subjects = [c.i for c in children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(
        c.dep_ in ("aux", "auxpass")
        and c.lower_ in _INVERTED_CONDITION
        and subjects
        and c.i < min(subjects)
        and (c.i == c.sent.start or c.nbor(-1).is_punct)
        for c in children
    )


def _has_modal(verb: Token) -> bool:
    """ "could hit", "would be"; not "could have hit", which looks back at what did or did not happen."""
    auxiliaries = [c.lower_ for c in verb.children if c.dep_ == "aux"]
    return any(a in _SPECULATIVE for a in auxiliaries) and "have" not in auxiliaries
