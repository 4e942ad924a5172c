"""A labelled set for event linking: synthetic chronologies in which agencies tell one event in their own words.

Each synthetic case has days on which one multi-agency event happens (told by two to five agencies,
each in one of several wordings, with the times and categories agencies really give: the same time
for a meeting, a later time at the hospital than the police call, a referral sent one day and
screened the next) among single-agency events of the same family on the same days (unrelated, often
of the same kind). Every pair of entries from different agencies on the same or consecutive days is
labelled: true when both tell the same event. Fixed seeds; all names fictional. Nothing here comes
from the example case.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

FAMILIES = [dict(child=c, mother=m, partner=p, street=s) for c, m, p, s in (
    ("Poppy", "Jade Rivers", "Liam Crowe", "Elm Terrace"), ("Alfie", "Kerry Bamford", "Dean Ashby", "Mill Lane"),
    ("Ruby", "Tasha Greenway", "Kyle Mercer", "Oakfield Road"), ("Leo", "Gemma Stott", "Ryan Tolley", "Canal Walk"),
    ("Daisy", "Chantelle Hurst", "Marc Pilling", "Beech Close"),
    ("Noah", "Kayleigh Dunn", "Scott Varley", "Rose Court"),
)]

# A multi-agency event: per agency, (categories it might write, wordings); how times relate across agencies.
MULTI = {
    "strategy": dict(timing="same", agencies={
        "csc": (["Strategy discussion", "strategy meeting", "S47"], [
            "Strategy discussion held with police, health and school about bruising to {child}; "
            "section 47 enquiry agreed.",
            "Strategy meeting convened regarding injuries to {child}. Single-agency s47 led by children's social care.",
            "Multi-agency strategy discussion re {child}: threshold for child protection enquiries met."]),
        "police": (["strategy discussion", "Strategy"], [
            "Attended strategy discussion chaired by CSC regarding {child}. Joint investigation agreed.",
            "Strategy discussion (Teams) re bruises on {child}; police to lead the criminal investigation.",
            "DS took part in strategy meeting about {child}; section 47 to proceed, ABE interview considered."]),
        "hospital": (["Strategy discussion", "safeguarding"], [
            "Named nurse joined strategy discussion about {child}; child protection medical requested.",
            "Paediatrician contributed to the strategy meeting on {child}'s injuries."]),
        "school": (["strategy discussion", "Meeting"], [
            "DSL took part in strategy discussion for {child}; school to monitor presentation.",
            "Designated safeguarding lead attended strategy meeting re {child} by phone."]),
        "health-visiting": (["Strategy discussion"], [
            "Health visitor shared information at strategy discussion about {child}.",
            "HV contributed to strategy meeting; no concerns about the baby's growth."]),
    }),
    "assault": dict(timing="later", agencies={
        "police": (["police log / domestic abuse incident", "Police incident", "DA"], [
            "Police called to {street} after report of assault on {mother} by {partner}; {child} present in the home.",
            "999 call: {mother} assaulted by partner {partner}. Officers attended and {partner} was arrested.",
            "Domestic incident at home address, {mother} reports being punched by {partner}; DASH high risk."]),
        "hospital": (["hospital attendance", "ED attendance", "injury"], [
            "{mother} attended ED with facial swelling; says she was assaulted by her partner tonight.",
            "ED attendance: {mother}, injury to face and arm after an assault at home; police aware.",
            "Emergency department: {mother} with head injury, disclosed domestic abuse by partner {partner}."]),
    }),
    "referral": dict(timing="next day", agencies={
        "school": (["referral", "Contact or referral", "MASH"], [
            "Referral made to MASH about a bruise on {child}'s arm.",
            "DSL sent a referral to children's social care regarding bruising to {child}.",
            "School referred {child} to the front door after {child} disclosed being hit at home."]),
        "csc": (["contact", "referral", "Contact or referral"], [
            "MASH received referral from school regarding bruising to {child}; screened and passed to assessment.",
            "Contact received from school about {child}'s bruised arm; RAG rated amber.",
            "Referral from school screened: {child} says she was hit at home. Assessment to start."]),
    }),
    "encompass": dict(timing="next day", agencies={
        "police": (["Notification", "police log"], [
            "Operation Encompass notification sent to school about the domestic incident at {street}.",
            "Encompass notification emailed to the school: {child} present at a domestic incident overnight."]),
        "school": (["police log / domestic abuse incident", "notification"], [
            "Operation Encompass notification received; {child} was present at a domestic incident at home.",
            "Encompass email read by DSL: police attended {child}'s home last night. Class teacher told."]),
    }),
    "conference": dict(timing="same", agencies={
        "csc": (["Child protection conference", "ICPC"], [
            "Initial child protection conference: {child} made subject of a child protection plan under neglect.",
            "ICPC held; plan under the category of neglect; core group to meet within ten days."]),
        "school": (["meeting", "Meeting or child protection conference"], [
            "DSL attended the initial child protection conference for {child}; CP plan agreed.",
            "Attended ICPC; {child} now subject to a child protection plan (neglect)."]),
        "gp": (["Conference", "child protection conference"], [
            "GP report sent to the child protection conference; {child} placed on a plan for neglect.",
            "Child protection conference outcome: plan, category neglect. Alert added to {child}'s record."]),
        "health-visiting": (["ICPC", "meeting"], [
            "HV attended initial child protection conference; {child} subject to CP plan, neglect.",
            "Health visitor at ICPC: child protection plan agreed for {child} and sibling."]),
        "police": (["Meeting", "Conference"], [
            "Police representative attended ICPC for {child}; plan made under neglect."]),
    }),
    "joint visit": dict(timing="same", agencies={
        "csc": (["home visit", "Assessment"], [
            "Joint home visit with the health visitor: home cluttered, {child} seen in the bedroom.",
            "Social worker and HV visited together; poor home conditions, {mother} agreed to a clear-up."]),
        "health-visiting": (["Home visit", "assessment"], [
            "Joint visit with the social worker to {mother} and {child}; home conditions poor.",
            "HV joint home visit with CSC; cluttered home, {mother} tearful, agreed plan to tidy."]),
    }),
    "missing": dict(timing="later", agencies={
        "police": (["missing from home", "Missing"], [
            "{mother} reported {child} missing from home; found two hours later at the park.",
            "Missing person report: {child} left the house after an argument, located by officers at the park."]),
        "csc": (["Missing", "missing from home"], [
            "EDT notified that {child} was missing for two hours this evening and found by police at the park.",
            "Out of hours: police report that {child} went missing after an argument at home; now home."]),
    }),
}

# Single-agency events: what else happens to the same family on the same days.
SINGLE = {
    "gp": (["Appointment", "health"], [
        "{mother} seen for low mood; sertraline increased, review in four weeks.",
        "Missed appointment for {child}'s asthma review; letter sent to {mother}.",
        "{child} seen with ear infection; antibiotics prescribed.",
        "Repeat prescription for {mother}'s inhaler issued."]),
    "school": (["attendance", "Other"], [
        "{child} late for school; {mother} said the bus was late.",
        "{child} attendance 86% this half term; letter home.",
        "{child} seemed tired in class and fell asleep at lunch.",
        "School trip consent form not returned for {child}."]),
    "housing": (["Housing", "house move"], [
        "Repair reported: damp and mould in {child}'s bedroom at {street}.",
        "Rent arrears letter sent to {mother}.",
        "Neighbour complaint about loud music at {street}; warning letter sent."]),
    "health-visiting": (["home visit", "Contact"], [
        "Developmental review of {child}'s sibling at clinic; weight on the 25th centile.",
        "Home visit: baby weighed, feeding well; {mother} declined the parenting course.",
        "Telephone call to {mother} about the missed immunisation appointment."]),
    "police": (["Police incident", "police log"], [
        "Anti-social behaviour report at a neighbouring address on {street}; no further action.",
        "Vehicle stop: {partner} driving with no insurance; car seized.",
        "{partner} arrested for shoplifting in the town centre; released under investigation."]),
    "csc": (["Assessment", "Supervision"], [
        "Supervision: {child}'s case discussed with the team manager; assessment to be completed this month.",
        "Social worker home visit: {child} seen alone in the bedroom, said things are fine.",
        "Child and family assessment completed; child in need plan recommended."]),
    "hospital": (["hospital attendance", "Outpatients"], [
        "{child} seen in fracture clinic follow-up; cast removed.",
        "{child} attended ED with a high temperature; discharged with paracetamol advice.",
        "{mother} missed her outpatient appointment at the pain clinic."]),
}


@dataclass(frozen=True)
class Told:
    """One agency's entry: which event it tells, and everything an agency writes."""

    event: int
    agency: str
    day: dt.date
    time: dt.time | None
    category: str
    text: str


def _time(rng: random.Random) -> dt.time:
    return dt.time(rng.randrange(8, 20), rng.choice((0, 15, 30, 45)))


def _later(at: dt.time, rng: random.Random) -> dt.time | None:
    minutes = min(at.hour * 60 + at.minute + rng.randrange(40, 180), 23 * 60 + 59)
    return dt.time(minutes // 60, minutes % 60)


def multi_event(kind: str, event: int, day: dt.date, family: dict, rng: random.Random) -> list[Told]:
    spec = MULTI[kind]
    agencies = list(spec["agencies"])
    chosen = rng.sample(agencies, rng.randint(2, len(agencies)))
    if spec["timing"] == "next day":
        chosen.sort(key=agencies.index)  # the sender first
    at = _time(rng)
    told = []
    for position, agency in enumerate(chosen):
        categories, wordings = spec["agencies"][agency]
        when, time = day, at
        if position and spec["timing"] == "later":
            time = _later(at, rng)
        if position and spec["timing"] == "next day" and rng.random() < 0.7:
            when = day + dt.timedelta(days=1)
            time = _time(rng)
        if rng.random() < 0.25:
            time = None  # agencies often give no time
        told.append(Told(event, agency, when, time, rng.choice(categories), rng.choice(wordings).format(**family)))
    return told


def single_events(first_event: int, day: dt.date, family: dict, rng: random.Random, count: int) -> list[Told]:
    told = []
    for n in range(count):
        agency = rng.choice(list(SINGLE))
        categories, wordings = SINGLE[agency]
        told.append(Told(first_event + n, agency, day + dt.timedelta(days=rng.randint(0, 1)),
                         _time(rng) if rng.random() < 0.6 else None, rng.choice(categories),
                         rng.choice(wordings).format(**family)))
    return told


def case(seed: int, days: int = 12, quiet_days: int = 36) -> list[Told]:
    """One family's chronology: on each of `days` days a multi-agency event among two to four unrelated ones,
    and `quiet_days` days of one to three single-agency entries."""
    rng = random.Random(seed)
    family = FAMILIES[seed % len(FAMILIES)]
    start = dt.date(2023, 1, 2) + dt.timedelta(days=rng.randrange(300))
    told: list[Told] = []
    event = 0
    for n in range(days):
        day = start + dt.timedelta(days=7 * n)  # a week apart: pairs only form within a day or two
        told += multi_event(rng.choice(list(MULTI)), event, day, family, rng)
        count = rng.randint(2, 4)
        told += single_events(event + 1, day, family, rng, count)
        event += 1 + count
    for n in range(quiet_days):
        count = rng.randint(1, 3)
        told += single_events(event, start + dt.timedelta(days=7 * days + 3 * n), family, rng, count)
        event += count
    return told


def labelled_pairs(told: list[Told]) -> list[tuple[int, int, bool]]:
    """Every pair from different agencies on the same or consecutive days: (i, j, same event?)."""
    pairs = []
    for i, a in enumerate(told):
        for j in range(i + 1, len(told)):
            b = told[j]
            if a.agency != b.agency and abs((a.day - b.day).days) <= 1:
                pairs.append((i, j, a.event == b.event))
    return pairs


def cases(held_out: bool, count: int = 20) -> list[list[Told]]:
    """The tuning half (even seeds) or the held-out half (odd seeds)."""
    return [case(seed) for seed in range(int(held_out), 2 * count, 2)]


def accounts(told: list[Told]):
    """The entries as the linker sees them (the kind read from the category as the merge reads it)."""
    from pipeline.chronology.kinds import appendix_kind
    from pipeline.chronology.linking import Account
    return [Account(t.agency, t.day, t.time, appendix_kind(t.category), t.text) for t in told]


def evaluate(chronologies: list[list[Told]], threshold: float | None = None) -> dict:
    """Pair precision and recall of the linker's groups over the labelled pairs of these chronologies."""
    from pipeline.chronology.linking import LINK_THRESHOLD, link
    found = true = right = pairs = 0
    for told in chronologies:
        group_of = {}
        for number, (members, _) in enumerate(link(accounts(told), threshold or LINK_THRESHOLD)):
            group_of.update(dict.fromkeys(members, number))
        for i, j, same in labelled_pairs(told):
            linked = i in group_of and group_of.get(i) == group_of.get(j)
            pairs, true, found, right = pairs + 1, true + same, found + linked, right + (linked and same)
    return dict(pairs=pairs, true=true, precision=right / found if found else 1.0, recall=right / true if true else 1.0)
