"""Controlled vocabularies of the record model.

Each vocabulary is a :data:`typing.Literal` type, used in the models and therefore in the JSON
Schemas, and a tuple of its values in a stable order, for users and for documentation.
Open vocabularies (statement cues) are given as recommended values: other lemmas are accepted by
the schema and reported by the validator as a warning.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "ACTOR_TYPES",
    "ATTRIBUTIONS",
    "DATE_BASES",
    "DATE_PRECISIONS",
    "EVENT_CONTEXTS",
    "EVENT_CONTEXT_DESCRIPTIONS",
    "EVENT_MODES",
    "EVENT_MODE_DESCRIPTIONS",
    "EVENT_MODE_VALUES",
    "EVENT_ROLES",
    "EVENT_TYPES",
    "EVENT_TYPE_DESCRIPTIONS",
    "FACTUALITIES",
    "ICD203_BANDS",
    "LIKELIHOOD_SCALES",
    "LIKELIHOOD_VALUES",
    "LINK_RELATIONS",
    "LOCATION_PRECISIONS",
    "RECORD_KINDS",
    "RECORD_STATUSES",
    "RESOLUTION_STATUSES",
    "SPAN_ROLES",
    "SPEECH_ACTS",
    "STATEMENT_CUES",
    "ActorType",
    "Attribution",
    "DateBasis",
    "DatePrecision",
    "EventContext",
    "EventRole",
    "EventType",
    "Factuality",
    "LikelihoodScale",
    "LinkRelation",
    "LocationPrecision",
    "RecordKind",
    "RecordStatus",
    "ResolutionStatus",
    "SpanRole",
    "SpeechAct",
]

#: Type of a value of :data:`RECORD_KINDS`.
RecordKind = Literal["source", "actor", "event", "statement", "implication"]
#: Record kinds, in the order a release lists them.
RECORD_KINDS: tuple[RecordKind, ...] = get_args(RecordKind)

#: Type of a value of :data:`RECORD_STATUSES`.
RecordStatus = Literal["active", "withdrawn"]
#: A released record is never deleted, only withdrawn.
RECORD_STATUSES: tuple[RecordStatus, ...] = get_args(RecordStatus)

#: Type of a value of :data:`SPAN_ROLES`.
SpanRole = Literal[
    "trigger",
    "cue",
    "content",
    "hedge",
    "time",
    "speaker",
    "holder",
    "actor",
    "place",
    "condition",
    "horizon",
    "proposition",
    "mention",
]
#: What part of a record an evidence span supports.
SPAN_ROLES: tuple[SpanRole, ...] = get_args(SpanRole)

#: Type of a value of :data:`ACTOR_TYPES`.
ActorType = Literal[
    "state",
    "person",
    "government_body",
    "armed_forces",
    "alliance",
    "organization",
    "group",
]
#: What kind of actor a record describes.
ACTOR_TYPES: tuple[ActorType, ...] = get_args(ActorType)

#: Type of a value of :data:`DATE_PRECISIONS`.
DatePrecision = Literal["day", "week", "month", "year", "unknown"]
#: The finest unit a date is known to.
DATE_PRECISIONS: tuple[DatePrecision, ...] = get_args(DatePrecision)

#: Type of a value of :data:`DATE_BASES`.
DateBasis = Literal["text", "derived", "external", "unknown"]
#: How a date is known: stated by the source, derived from another record, known from outside
#: the source (with a reference), or not known.
DATE_BASES: tuple[DateBasis, ...] = get_args(DateBasis)

#: Type of a value of :data:`LOCATION_PRECISIONS`.
LocationPrecision = Literal["exact", "near", "region", "country"]
#: How closely a place is known: the exact spot, near it, the region, or only the country.
LOCATION_PRECISIONS: tuple[LocationPrecision, ...] = get_args(LocationPrecision)

# PLOVER vocabularies: from the PLOVER manual, draft version 2.0 (repository openeventdata/PLOVER,
# file PLOVER_MANUAL.tex, commit 840dbef23bdefca65510af2ebc2aa71041b8c685). Modes commented out of
# the manual's tables are left out; the auxiliary modes (historical, future, hypothetical,
# negation) are not contexts and are expressed here by factuality and implications instead.
#: Type of a value of :data:`EVENT_TYPES`.
EventType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
#: PLOVER event types.
EVENT_TYPES: tuple[EventType, ...] = get_args(EventType)

#: PLOVER modes of each event type (types without modes map to an empty tuple).
EVENT_MODES: dict[EventType, tuple[str, ...]] = {
    "AGREE": (),
    "CONSULT": (
        "visit",
        "third-party",
        "multilateral",
        "phone",
    ),
    "SUPPORT": (),
    "CONCEDE": (),
    "COOPERATE": (),
    "AID": (),
    "RETREAT": (
        "withdraw",
        "release",
        "disarm",
        "ceasefire",
        "access",
        "resign",
    ),
    "REQUEST": (
        "assist",
        "change",
        "yield",
        "meet",
    ),
    "ACCUSE": (
        "disapprove",
        "investigate",
        "allege",
    ),
    "REJECT": (
        "assist",
        "change",
        "yield",
        "meet",
    ),
    "THREATEN": (
        "restrict",
        "arrest",
        "relations",
        "expel",
        "territory",
        "violence",
    ),
    "PROTEST": (
        "demo",
        "riot",
        "strike",
        "hunger",
        "boycott",
        "obstruct",
        "vandalize",
    ),
    "SANCTION": (
        "convict",
        "expel",
        "withdraw",
        "discontinue",
    ),
    "MOBILIZE": (
        "troops",
        "weapons",
        "police",
        "militia",
    ),
    "COERCE": (
        "seize",
        "restrict",
        "censor",
        "curfew",
        "martial-law",
        "arrest",
        "deport",
        "withhold",
        "misinformation",
        "cyber",
    ),
    "ASSAULT": (
        "abduct",
        "beat",
        "torture",
        "sexual",
        "targeted",
        "destroy",
        "primitive",
        "firearms",
        "explosives",
        "suicide-attack",
        "aerial",
        "drone",
        "heavy-weapons",
        "crowd-control",
        "unconventional",
    ),
}

#: Every PLOVER mode of any event type, sorted.
EVENT_MODE_VALUES: tuple[str, ...] = tuple(
    sorted({m for modes in EVENT_MODES.values() for m in modes})
)

#: Type of a value of :data:`EVENT_CONTEXTS`.
EventContext = Literal[
    "military",
    "intelligence",
    "executive",
    "legislative",
    "election",
    "political_institutions",
    "pro_democracy",
    "pro_autocracy",
    "economic",
    "legal",
    "reparations",
    "human_rights",
    "rights_freedoms",
    "repression",
    "human_security",
    "gender",
    "lgbt",
    "religion_ethnicity",
    "inequality",
    "diplomatic",
    "territory",
    "peacekeeping",
    "health",
    "asylum",
    "migration",
    "disasters",
    "natural_resource",
    "environment",
    "technology",
    "terrorism",
    "cbrn",
    "cyber",
    "misinformation",
    "crime",
    "corruption",
    "illegal_drugs",
    "trafficking",
]
#: PLOVER contexts: the issue areas an event concerns.
EVENT_CONTEXTS: tuple[EventContext, ...] = get_args(EventContext)

#: One-line descriptions of the PLOVER event types, paraphrased from the manual.
EVENT_TYPE_DESCRIPTIONS: dict[EventType, str] = {
    "AGREE": "Agreeing to, offering, promising, or otherwise signalling willingness or commitment to "
    "cooperate (including promises to sign or ratify agreements); future-tense "
    "CONSULT/SUPPORT/COOPERATE/AID also count as AGREE.",
    "CONSULT": "Any consultation or meeting: visiting or hosting, meeting at a neutral site, or "
    "consulting by phone or other media.",
    "SUPPORT": "Starting, resuming, or expanding diplomatic, non-material cooperation; expressing "
    "support for or approval of an actor, policy, or action; ratifying, signing, or "
    "finalising an agreement.",
    "CONCEDE": "Verbal concessions with no immediate material effect, such as promising to ease "
    "restrictions or lift curfews, or declaring (not carrying out) ceasefires or "
    "withdrawals.",
    "COOPERATE": "Starting, resuming, or expanding mutual material cooperation or exchange (economic, "
    "military, judicial, intelligence) that benefits both sides.",
    "AID": "Providing material aid whose benefits go mainly to the recipient: money, military or "
    "police help, humanitarian aid, asylum.",
    "RETREAT": "Actions with immediate material consequences that give ground, such as releasing "
    "captives, returning property, allowing access, disarming, observing a ceasefire, "
    "withdrawing from territory, or an official resigning.",
    "REQUEST": "All requests, demands, and orders; verbal acts that are less forceful than threats.",
    "ACCUSE": "Expressing disapproval, criticism, or complaints; accusing, alleging, or charging "
    "(judicially or informally); suing; and all investigations.",
    "REJECT": "All rejections and refusals.",
    "THREATEN": "Threats or coercive warnings with serious potential consequences; usually verbal, "
    "apart from purely symbolic material acts.",
    "PROTEST": "Civilian demonstrations and other collective protest actions against a recipient: "
    "publicly dissenting, rallying, or gathering against a policy, action, or actor.",
    "SANCTION": "Any reduction in existing, routine, or cooperative relations; not only formal "
    "sanctions (the earlier 'REDUCE RELATIONS').",
    "MOBILIZE": "Military or police moves that stop short of actually using force, such as posturing "
    "or raising readiness; the actor can be any organised armed group.",
    "COERCE": "Repression, restrictions on rights, or other coercive use of power that stops short of "
    "violence.",
    "ASSAULT": "Deliberate actions that can cause substantial physical harm.",
}
#: One-line descriptions of the PLOVER modes, by (type, mode), paraphrased from the manual.
EVENT_MODE_DESCRIPTIONS: dict[tuple[EventType, str], str] = {
    ("CONSULT", "visit"): "The actor is visiting and the recipient is hosting.",
    ("CONSULT", "third-party"): "The meeting is hosted by a third party.",
    (
        "CONSULT",
        "multilateral",
    ): "The meeting takes place in a multilateral setting, typically an alliance or IGO.",
    ("CONSULT", "phone"): "The consultation happens by phone or another remote medium.",
    (
        "RETREAT",
        "withdraw",
    ): "Retreating from territory or pulling forces out of an area.",
    ("RETREAT", "release"): "Releasing captives.",
    ("RETREAT", "disarm"): "Disarming militarily or giving up weapons.",
    ("RETREAT", "ceasefire"): "Putting a ceasefire into effect.",
    (
        "RETREAT",
        "access",
    ): "Letting third parties (observers, peacekeepers, humanitarian workers) in.",
    ("RETREAT", "resign"): "An official resigning.",
    ("REQUEST", "assist"): "Any kind of exchange, relations, or assistance.",
    (
        "REQUEST",
        "change",
    ): "Changes in policy, government, or institutions that are not concessions "
    "(includes calls to dismiss officials).",
    (
        "REQUEST",
        "yield",
    ): "Releasing prisoners, ending sanctions, easing curfews or boycotts, ceasefires.",
    ("REQUEST", "meet"): "Meetings and negotiations.",
    (
        "ACCUSE",
        "disapprove",
    ): "Expressing disapproval, condemning, or complaining (including diplomatic protests).",
    (
        "ACCUSE",
        "investigate",
    ): "Any investigation, such as commissions, grand juries, or judicial or political inquiries.",
    (
        "ACCUSE",
        "allege",
    ): "Accusing formally or informally; suing, indicting, charging, or bringing to trial.",
    ("REJECT", "assist"): "Any kind of exchange, relations, or assistance.",
    (
        "REJECT",
        "change",
    ): "Changes in policy, government, or institutions that are not concessions.",
    (
        "REJECT",
        "yield",
    ): "Releasing prisoners, ending sanctions, easing curfews or boycotts, ceasefires.",
    ("REJECT", "meet"): "Meetings and negotiations.",
    (
        "THREATEN",
        "restrict",
    ): "Restricting movement of people or goods (boycotts, strikes, blockades, "
    "curfews) or banning political activity by parties or individuals.",
    ("THREATEN", "arrest"): "Arresting, detaining, or imprisoning.",
    (
        "THREATEN",
        "relations",
    ): "Suspending relations or ongoing talks, meetings, or negotiations.",
    ("THREATEN", "expel"): "Expelling diplomats, peacekeepers, or NGOs.",
    (
        "THREATEN",
        "territory",
    ): "Occupying or taking control of all or part of a territory.",
    ("THREATEN", "violence"): "Using violence.",
    (
        "PROTEST",
        "demo",
    ): "An organised, continuous, largely peaceful demonstration aimed at another "
    "group or at the authorities.",
    (
        "PROTEST",
        "riot",
    ): "A continuous violent riot intended to cause injury and/or property damage.",
    (
        "PROTEST",
        "strike",
    ): "Members of an organisation or union leaving their workplaces, within "
    "certain sectors or across sectors.",
    ("PROTEST", "hunger"): "A hunger strike.",
    (
        "PROTEST",
        "boycott",
    ): "Boycotting an activity, person, country, or organisation by withdrawing "
    "commercial or social relations.",
    ("PROTEST", "obstruct"): "Blocking passage or access to a place.",
    (
        "PROTEST",
        "vandalize",
    ): "Damaging or destroying property as a symbolic act, as opposed to "
    "damage that happens incidentally in a riot.",
    (
        "SANCTION",
        "convict",
    ): "An entity or behaviour found guilty, unconstitutional, or liable by a "
    "court or legal tribunal, including court-ordered sentences or "
    "sanctions.",
    (
        "SANCTION",
        "expel",
    ): "Expelling an entity from a group, organisation, party, or country, "
    "permanently or temporarily (individual deportations are excluded, apart "
    "from diplomats).",
    (
        "SANCTION",
        "withdraw",
    ): "Pulling oneself or one's non-military resources (aid, observers, "
    "diplomats, peacekeepers) out of a group, mediation, organisation, or "
    "country.",
    (
        "SANCTION",
        "discontinue",
    ): "Cutting back, breaking off, or ending diplomatic, commercial, or "
    "material exchanges, including international sanctions.",
    ("MOBILIZE", "troops"): "Mobilising armed personnel or units.",
    (
        "MOBILIZE",
        "weapons",
    ): "Raising the readiness of weapons systems (can go with a cyber context).",
    (
        "MOBILIZE",
        "police",
    ): "Mobilising police or security units, or raising their readiness.",
    (
        "MOBILIZE",
        "militia",
    ): "Mobilising any non-state group with significant military capability, or "
    "raising its readiness.",
    ("COERCE", "seize"): "Carrying out searches or raids, or confiscating property.",
    (
        "COERCE",
        "restrict",
    ): "Restricting political freedoms or movement, including cordoning off "
    "areas and banning individuals or organisations from political life.",
    (
        "COERCE",
        "censor",
    ): "Censoring, banning, or restricting access to publications or other information.",
    ("COERCE", "curfew"): "Imposing a curfew.",
    ("COERCE", "martial-law"): "Imposing a state of emergency or martial law.",
    ("COERCE", "arrest"): "Arresting or detaining.",
    ("COERCE", "deport"): "Expelling or deporting individuals.",
    (
        "COERCE",
        "withhold",
    ): "Withholding public goods or services (power, internet, water, utilities, "
    "food or medical supplies).",
    (
        "COERCE",
        "misinformation",
    ): "Deception, manipulation, or misinformation (also adds the misinformation context).",
    (
        "COERCE",
        "cyber",
    ): "Cyber attacks and cybercrime such as hacking, security breaches, or attacks "
    "on websites (also adds the cyber context).",
    ("ASSAULT", "abduct"): "Abducting, kidnapping, or hijacking.",
    (
        "ASSAULT",
        "beat",
    ): "Physically assaulting people with single or repeated blows, usually by hand "
    "or with a blunt instrument.",
    ("ASSAULT", "torture"): "Torture.",
    ("ASSAULT", "sexual"): "Sexual violence.",
    (
        "ASSAULT",
        "targeted",
    ): "Targeted killings, including assassinations and executions (successful "
    "or attempted) and deliberate mass killings of defenceless people.",
    ("ASSAULT", "destroy"): "Deliberately destroying property.",
    (
        "ASSAULT",
        "primitive",
    ): "Primitive weapons: fire, edged weapons, rocks, farm tools.",
    ("ASSAULT", "firearms"): "Rifles, pistols, light machine guns.",
    (
        "ASSAULT",
        "explosives",
    ): "Explosives not part of a heavy weapon: mines, IEDs, car bombs.",
    ("ASSAULT", "suicide-attack"): "Individual or vehicle-borne suicide attacks.",
    ("ASSAULT", "aerial"): "Crewed aircraft such as planes and helicopters.",
    ("ASSAULT", "drone"): "Uncrewed aerial vehicles (UAVs), drones.",
    (
        "ASSAULT",
        "heavy-weapons",
    ): "Artillery, rocket launchers, armoured vehicles, tanks, and similar weapons.",
    (
        "ASSAULT",
        "crowd-control",
    ): "Less-lethal crowd-control weapons and tactics such as tear gas, "
    "water cannon, warning shots, or lathi charges.",
    (
        "ASSAULT",
        "unconventional",
    ): "Chemical, biological, radiological, or nuclear weapons.",
}
#: One-line descriptions of the PLOVER contexts, paraphrased from the manual.
EVENT_CONTEXT_DESCRIPTIONS: dict[EventContext, str] = {
    "military": "State armed forces and military matters, including military aid; excludes militias, "
    "police, and non-state armed groups.",
    "intelligence": "Information gathering by state intelligence agencies, and those agencies in "
    "general.",
    "executive": "Executive branch politics: heads of government or state, their agencies, "
    "appointments, families, and affairs.",
    "legislative": "Legislative or parliamentary politics: debates, lawmaking, coalition building, "
    "oversight.",
    "election": "Elections and campaigns, including election monitoring and fraud allegations.",
    "political_institutions": "Significant changes in, or non-routine interactions between, formal "
    "political bodies, including political parties.",
    "pro_democracy": "Processes and initiatives that move a country toward democracy.",
    "pro_autocracy": "Processes and initiatives that move a country toward autocracy or democratic "
    "backsliding.",
    "economic": "Economic matters such as trade, finance, development, inflation, GDP, recessions, or "
    "monetary policy; excludes routine news about single companies.",
    "legal": "Courts and the judiciary; national and international law.",
    "reparations": "Monetary or non-monetary compensation for past harm.",
    "human_rights": "Human rights in a general or unspecified sense, often where the term itself is "
    "used.",
    "rights_freedoms": "Particular political rights and freedoms, civil liberties, press freedom, and "
    "restrictions on them.",
    "repression": "Security forces using force to control individuals, groups, or societies.",
    "human_security": "Access to water, food, housing, energy, and land or property tenure.",
    "gender": "Gender, women's issues, gender equality, abortion, and reproductive rights.",
    "lgbt": "LGBTQ issues, such as related laws, discrimination, and protests.",
    "religion_ethnicity": "Religious, ethnic, caste, or language issues, including discrimination, "
    "violence, or cooperation.",
    "inequality": "Unequal distribution of resources and opportunities.",
    "diplomatic": "Diplomacy, whether international or domestic.",
    "territory": "Territorial disputes, protests or rebellions over territory, and forced "
    "displacement.",
    "peacekeeping": "Peacekeeping, usually multilateral operations.",
    "health": "Public health, disease outbreaks and epidemics, and disease in general.",
    "asylum": "Seeking or granting asylum.",
    "migration": "Migration, refugees, and displaced people.",
    "disasters": "Natural disasters and also accidents or spills.",
    "natural_resource": "Extraction, trade, dependence on, and pollution from natural resources.",
    "environment": "Pollution and other environmental problems; environmental policy, cooperation, "
    "and protest.",
    "technology": "Technological development, new technology, and high-tech industry.",
    "terrorism": "Terrorist groups and acts, and anti-terrorism actions and policies.",
    "cbrn": "Chemical, biological, radiological, and nuclear weapons or attacks.",
    "cyber": "Cyber attacks and cybercrime (the event itself need not be a cyber action).",
    "misinformation": "Misinformation, influence operations, and fake news (the event itself need not "
    "be misinformation).",
    "crime": "Crime or criminals in general, except where a more specific crime context (e.g. "
    "trafficking) applies.",
    "corruption": "Misuse or abuse of public office: corruption, bribery, cronyism, nepotism.",
    "illegal_drugs": "Criminal possession, distribution, sale, or manufacture of illegal drugs.",
    "trafficking": "Trafficking or smuggling of people, drugs, animals, or other goods, domestically "
    "or across borders.",
}

#: Type of a value of :data:`EVENT_ROLES`.
EventRole = Literal["initiator", "target", "participant"]
#: How an actor takes part in an event: it acts (initiator), is acted on (target), or takes part on
#: an equal footing (participant).
EVENT_ROLES: tuple[EventRole, ...] = get_args(EventRole)

#: Type of a value of :data:`FACTUALITIES`.
Factuality = Literal["CT+", "PR+", "PS+", "CT-", "PR-", "PS-", "CTu", "Uu"]
#: FactBank factuality values, relative to the source's author: certain (CT), probable (PR),
#: possible (PS), positive (+) or negative (-); CTu certain but underspecified; Uu unknown.
FACTUALITIES: tuple[Factuality, ...] = get_args(Factuality)

#: Type of a value of :data:`ATTRIBUTIONS`.
Attribution = Literal["direct", "reported", "unattributed", "author"]
#: Who the source says holds a statement: a quoted speaker (direct), a speaker in indirect speech
#: (reported), nobody named ("is seen as": unattributed), or the document's own analysis (author).
ATTRIBUTIONS: tuple[Attribution, ...] = get_args(Attribution)

#: Type of a value of :data:`SPEECH_ACTS`.
SpeechAct = Literal[
    "claim",
    "assessment",
    "warning",
    "threat",
    "concern",
    "caution",
    "discussion",
    "suggestion",
    "prediction",
    "promise",
    "demand",
    "request",
    "appeal",
    "accusation",
    "denial",
    "criticism",
    "praise",
    "announcement",
]
#: What a statement does.
SPEECH_ACTS: tuple[SpeechAct, ...] = get_args(SpeechAct)

#: Recommended statement cue lemmas; the vocabulary is open.
STATEMENT_CUES: tuple[str, ...] = (
    "say",
    "state",
    "announce",
    "warn",
    "emphasize",
    "caution",
    "express_concern",
    "discuss",
    "suggest",
    "claim",
    "assert",
    "deny",
    "accuse",
    "threaten",
    "promise",
    "demand",
    "urge",
    "call_for",
    "condemn",
    "predict",
    "highlight",
    "underscore",
    "mark",
    "indicate",
    "lead_to",
    "see_as",
)

#: Type of a value of :data:`LINK_RELATIONS`.
LinkRelation = Literal["same_as", "responds_to", "causes", "part_of", "refers_to"]
#: Relations between records: the same event or thing (same_as, coreference), a response to, a
#: cause of, a part of, or a mention of another record.
LINK_RELATIONS: tuple[LinkRelation, ...] = get_args(LinkRelation)

#: Type of a value of :data:`LIKELIHOOD_SCALES`.
LikelihoodScale = Literal["FactBank", "ICD-203"]
#: Scales a likelihood value is expressed in: FactBank factuality values or ICD 203 expressions of
#: likelihood.
LIKELIHOOD_SCALES: tuple[LikelihoodScale, ...] = get_args(LikelihoodScale)

#: ICD 203 expressions of likelihood and their probability bands.
ICD203_BANDS: dict[str, tuple[float, float]] = {
    "almost no chance": (0.01, 0.05),
    "very unlikely": (0.05, 0.20),
    "unlikely": (0.20, 0.45),
    "roughly even chance": (0.45, 0.55),
    "likely": (0.55, 0.80),
    "very likely": (0.80, 0.95),
    "almost certain": (0.95, 0.99),
}

#: Type of a value of :data:`RESOLUTION_STATUSES`.
ResolutionStatus = Literal["open", "occurred", "not_occurred", "mixed"]
#: Whether a projected implication came about: still open, occurred, did not occur, or partly
#: (mixed).
RESOLUTION_STATUSES: tuple[ResolutionStatus, ...] = get_args(ResolutionStatus)

#: Values of a likelihood: FactBank values and ICD 203 expressions.
LIKELIHOOD_VALUES: tuple[str, ...] = (*FACTUALITIES, *ICD203_BANDS)
