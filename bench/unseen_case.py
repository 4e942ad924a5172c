"""A complete, seeded, fictional case folder the anonymiser was never tuned to, with its answer key.

Unlike examples/child-w: another partnership and area, six agencies with CSV and Excel
chronologies, every report section in social-care prose, its own register (people with aliases
and nicknames, addresses, schools, identifiers). Names and places are made from syllables, so no
list of real names and none of the example's strings is in it. The answer key lists

- `planted`: identifying details the register does NOT know (other people, streets with and
  without numbers, house names, postcodes whole/partial/lower-case, schools, nurseries, surgeries,
  wards, local groups and pages, handles, phones, emails, references, dates of birth in words),
  each with its `core`, the part whose publication would identify (an invented word or the number);
- `safe`: terms that must never be findings (national bodies, practice terms, programmes, the
  agencies' names in shorter forms);
- `register`: register values that must never be published;
- `patterns`: sentence patterns a careful checker must never see in public text.

    python bench/unseen_case.py OUT_DIR     writes OUT_DIR/<id>/ and OUT_DIR/<id>-key.json
"""
from __future__ import annotations

import csv
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml
from openpyxl import Workbook
from PIL import Image, ImageDraw

SEED = 3101
WOMENS_AID, BARNARDOS = "Women's Aid", "Barnardo's"
REVIEW_ID = "child-r"
PSEUDONYM = "Child R"

ONSETS = ["b", "bl", "c", "cr", "d", "f", "fl", "g", "gl", "h", "j", "k", "l", "m", "n", "p", "pr", "qu", "r",
          "s", "sl", "sp", "t", "v", "w", "wr", "y"]
VOWELS = ["a", "e", "i", "o", "u", "au", "ei", "ie", "oo", "ay"]
CODAS = ["", "", "b", "d", "g", "l", "m", "n", "p", "r", "s", "t", "v", "ld", "mp", "nt", "sk", "st"]
GIVEN_ENDS = ["ina", "ette", "ric", "lyn", "ara", "iel", "ando", "ice", "ley", "ona", "ius", "elle", "ay"]
FAMILY_ENDS = ["hurst", "combe", "cott", "sley", "dale", "wright", "bourne", "stow", "gate", "ling", "mer",
               "andra", "ick", "berg"]
PLACE_ENDS = ["thorpe", "bury", "minster", "wich", "cester", "haven", "mouth", "leigh", "stoke", "ness"]
# ward names of ordinary English words, as hospitals name them (birds, trees, flowers)
WARD_WORDS = ["kestrel", "sparrow", "otter", "poppy", "hazel", "willow", "badger", "puffin", "daisy", "rowan"]


@dataclass
class Planted:
    text: str  # as written in the case
    core: str  # the part that identifies: it must be held or replaced, and never published
    kind: str
    where: str  # section id or chronology file


@dataclass
class Key:
    review_id: str
    pseudonym: str
    planted: list[Planted] = field(default_factory=list)
    safe: list[str] = field(default_factory=list)
    register: list[str] = field(default_factory=list)
    nicknames: list[str] = field(default_factory=list)  # register nicknames a sentence talks about as names
    patterns: list[str] = field(default_factory=list)  # regular expressions that must not match public text
    must_read: list[str] = field(default_factory=list)  # wording no register value is in: published as written


class Names:
    """Invented words from syllables; never the same word twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _word(self, ends: list[str]) -> str:
        while True:
            r = self.rng
            stem = r.choice(ONSETS) + r.choice(VOWELS) + r.choice(CODAS)
            if r.random() < 0.3:
                stem += r.choice(VOWELS) + r.choice(CODAS)
            word = (stem + r.choice(ends)).capitalize()
            if word.lower() not in self.used and len(word) >= 5:
                self.used.add(word.lower())
                return word

    def given(self) -> str:
        return self._word(GIVEN_ENDS)

    def family(self) -> str:
        return self._word(FAMILY_ENDS)

    def place(self) -> str:
        return self._word(PLACE_ENDS)

    def district(self, letters: str) -> str:
        return f"{letters}{self.rng.randint(2, 19)}"

    def postcode(self, letters: str) -> str:
        r = self.rng
        return f"{self.district(letters)} {r.randint(1, 9)}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}{r.choice('ABDEFGHJLNPQRSTUWXYZ')}"

    def phone(self) -> str:
        return f"07700 900{self.rng.randint(200, 999):03d}"


class Case:
    """The case being written: its register, its prose and its answer key."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.n = Names(self.rng)
        self.area = self.n.place()
        self.letters = "".join(self.rng.sample("BCDFGHKLMPRTVW", 2))
        self.key = Key(REVIEW_ID, PSEUDONYM)
        self.people = self._people()
        self.places = self._places()
        self.ids = self._identifiers()

    # --- the register -------------------------------------------------------------------------------
    def _people(self) -> dict[str, dict]:
        n = self.n
        family = n.family()
        child, sibling, mother, partner, father, aunt = (n.given() for _ in range(6))
        maiden = n.family()
        return {
            "child": dict(name=f"{child} {family}", aliases=[f"{child}-{n.given()} {family}", child[:3] + "sy"],
                          role="subject child", date_of_birth="23/06/2016", pseudonym=PSEUDONYM, subject=True),
            "mother": dict(name=f"{mother} {family}", aliases=[f"{mother} {maiden}", mother[:3] + "z"],
                           role="mother", date_of_birth="11/01/1992", pseudonym="Mother", family_letter=True),
            "partner": dict(name=f"{partner} {n.family()}", aliases=[partner[:4] + "o"], role="mother's partner",
                            date_of_birth="02/09/1987", pseudonym="Mr K"),
            "father": dict(name=f"{father} {maiden}", aliases=[], role="father", date_of_birth="17/04/1989",
                           pseudonym="Father", family_letter=True),
            "aunt": dict(name=f"{aunt} {maiden}", aliases=[f"Auntie {aunt[:3]}"], role="maternal aunt",
                         date_of_birth="05/12/1985", pseudonym="Aunt"),
            "sibling": dict(name=f"{sibling} {family}", aliases=[], role="sibling", date_of_birth="19/03/2020",
                            pseudonym="Sibling"),
        }

    def _places(self) -> dict[str, dict]:
        n = self.n
        home_street = f"{n.place()} Crescent"
        prev_street = f"{n.place()} Lane"
        return {
            "home": dict(name=f"27 {home_street}", kind="address", aliases=[home_street], generic="the family home"),
            "home-postcode": dict(name=n.postcode(self.letters), kind="postcode", generic="the family home"),
            "previous-home": dict(name=f"5 {prev_street}", kind="address", aliases=[prev_street],
                                  generic="the previous address"),
            "school": dict(name=f"{n.place()} Junior School", kind="school", generic="the child's school"),
            "nursery": dict(name=f"Buttercup {n.place()} Nursery", kind="nursery", generic="the nursery"),
            "surgery": dict(name=f"{n.place()} Health Centre", kind="gp surgery", generic="the family's GP practice"),
            "hospital": dict(name=f"{self.area} Royal Infirmary", kind="hospital", generic="the local hospital"),
            "town": dict(name=n.place(), kind="town", generic="a nearby town"),
        }

    def _identifiers(self) -> dict[str, dict]:
        n = self.n
        partner_first = self.people["partner"]["name"].split()[0].lower()
        return {
            "child-nhs": dict(kind="nhs number", value="943 476 5919", belongs_to="child",
                              generic="the child's NHS number"),
            "mother-phone": dict(kind="phone", value=n.phone(), belongs_to="mother", generic="a mobile number"),
            "mother-email": dict(kind="email", value=f"{self.people['mother']['aliases'][1].lower()}88@example.co.uk",
                                 belongs_to="mother", generic="an email address"),
            "csc-case": dict(kind="case reference", value=f"{self.letters}-CS-2023-{self.rng.randint(10000, 99999)}",
                             generic="a case reference"),
            "partner-handle": dict(kind="social media", value=f"@{partner_first}_{self.rng.randint(10, 99)}x",
                                   belongs_to="partner", generic="a social media account"),
        }

    def first(self, who: str) -> str:
        return self.people[who]["name"].split()[0]

    def alias(self, who: str, i: int) -> str:
        return self.people[who]["aliases"][i]

    def place(self, pid: str) -> str:
        return self.places[pid]["name"]

    # --- the answer key ----------------------------------------------------------------------------
    def plant(self, text: str, kind: str, where: str, core: str | None = None) -> str:
        self.key.planted.append(Planted(text, core or text, kind, where))
        return text

    def safe(self, term: str) -> str:
        self.key.safe.append(term.removeprefix("the "))
        return term

    # --- agencies ----------------------------------------------------------------------------------
    def agencies(self) -> list[dict]:
        a = self.area
        return [
            dict(id="childrens-services", name=f"{a} City Council Children's Services", public_name="Children's Services",
                 contact_email="childrens.services@example.co.uk"),
            dict(id="police", name=f"{a}shire Constabulary", public_name="Police",
                 contact_email="police.review@example.co.uk"),
            dict(id="icb", name=f"NHS {a} and Wolds Integrated Care Board", public_name="the ICB",
                 contact_email="icb.safeguarding@example.co.uk"),
            dict(id="hospital", name=f"{a} University Hospitals NHS Trust", public_name="Hospital Trust",
                 contact_email="hospital.review@example.co.uk"),
            dict(id="health-visiting", name=f"{a} Community Health Services (Health Visiting)",
                 public_name="Health Visiting Service", contact_email="hv.safeguarding@example.co.uk"),
            dict(id="education", name=f"{a} City Council Education Safeguarding Team", public_name="Education",
                 contact_email="education.review@example.co.uk"),
        ]

    def short_forms(self) -> list[str]:
        """The agencies as report writers shorten them: each must be kept."""
        a = self.area
        return [f"{a} ICB", f"{a} Hospitals", f"{a} City Council", f"{a}shire Constabulary", f"{a} Children's Services",
                "the Health Visiting Service", f"the {a} Safeguarding Partnership"]

    # --- prose -------------------------------------------------------------------------------------
    def sections(self) -> dict[str, str]:
        n, P = self.n, PSEUDONYM
        a = self.area
        mum_first, child_first = self.first("mother"), self.first("child")
        fam = self.people["child"]["name"].split()[1]
        neighbour = f"{n.given()} {n.family()}"
        friend = n.given()
        gp_name = n.family()
        pc_name = n.family()
        cousin = f"{n.given()}-{n.given()}"
        lodger_surname = n.family()
        side_street = f"{n.place()} Way"
        moved_street = f"41 {n.place()} Road"
        abbrev_street = f"12 {n.place()} Rd"
        house = f"{n.place()} Cottage"
        flat = f"Flat 4, {n.place()} House"
        school2 = f"{n.place()} Academy"
        nursery2 = f"Little {n.place()} Day Nursery"
        surgery2 = f"{n.place()} Surgery"
        ward = f"{n.place()} Ward"
        ward_word = self.rng.choice(WARD_WORDS)
        whole_pc, part_pc = n.postcode(self.letters), n.district(self.letters)
        part_pc = f"{part_pc} {self.rng.randint(1, 9)}"
        district = n.district(self.letters)
        group = f"{n.district(self.letters)} {n.place()} Parents Circle"
        page_word = n.place()
        handle = f"@{n.given().lower()}_{n.family().lower()}{self.rng.randint(1, 99)}"
        camel = f"{n.given()}Loves{n.place()}"
        phone2, phone3 = n.phone(), n.phone()
        email2 = f"{n.given().lower()}.{n.family().lower()}@example.co.uk"
        crime_ref = f"{self.letters}/23/{self.rng.randint(100000, 999999)}"
        cousin_dob = "the ninth of October 2014"
        lodger_dob = "4 March 1979"
        mother_phone = self.ids["mother-phone"]["value"]
        home, home_pc = self.place("home"), self.place("home-postcode")

        s: dict[str, str] = {}
        s["introduction"] = f"""## Why this review was held

In February 2025 {P} (born {self.people['child']['date_of_birth']}), then aged eight, was taken to hospital with burns to both hands. {self.safe('Ofsted')} and {self.safe('the National Child Safeguarding Practice Review Panel')} were notified, and the {a} Safeguarding Children Partnership decided to hold a Local Child Safeguarding Practice Review.

## How the review was done

The review followed {self.safe('Working Together to Safeguard Children 2023')}. Each agency wrote a chronology of its contact with the family, and practitioners met twice. {self.safe(f'{a} ICB')} and {self.safe(f'{a} Hospitals')} shared their records in full. The family were invited to take part. The {fam} family had lived in {a} for many years. A practitioner event was facilitated by an independent consultant ({self.plant(f'{n.given()} {n.family()}', 'name', 'introduction')}).
"""
        s["overview"] = f"""## The family

{P} lived with Mother, her younger sibling and, from the summer of 2023, Mother's partner, Mr K, at {home}, {home_pc}. Before that the family lived at {self.place('previous-home')}. Father lived in {self.place('town')} and saw the children most weekends.

{P} attended {self.place('school')}. Her sibling went to {self.place('nursery')}. The family were registered with {self.place('surgery')}.

A family friend, {self.plant(friend, 'name', 'overview')}, often stayed at the house. The family's neighbour, {self.plant('Mrs ' + neighbour, 'name', 'overview', neighbour)}, told the police after the incident that she had heard screaming.

## What happened

In the spring of 2024 the family stayed for three weeks with a relative on {self.plant(side_street, 'street', 'overview')}, then moved briefly to {self.plant(moved_street, 'street', 'overview')} and back again. Mother gave her postcode to the housing team as {self.plant(whole_pc, 'postcode', 'overview')}, and later said she was "somewhere in {self.plant(part_pc, 'postcode', 'overview')}". The neighbourhood, {self.plant(district, 'postcode', 'overview')}, has few services for young families.

Mr K's lodger, known only by his surname, {self.plant(lodger_surname, 'name', 'overview')}, was born on {self.plant(lodger_dob, 'date of birth', 'overview')} and had previous convictions for violence. No agency knew he lived there.

In February 2025 {P} was treated on {self.plant(ward, 'ward', 'overview')} and later on {self.plant(ward_word + ' ward', 'ward', 'overview')} at {self.place('hospital')}.

## Key events

| Date | Agency | Event |
| --- | --- | --- |
| 03/10/2023 | Police | Call from {self.plant(phone2, 'phone', 'overview')} about shouting; crime ref {self.plant(crime_ref, 'reference', 'overview')}. |
| 15/11/2023 | Health Visiting | Seen at home at {self.plant(abbrev_street, 'street', 'overview')} with {self.plant(f'{n.given()} {n.family()}'.lower(), 'name', 'overview')}. |
| 08/01/2024 | Education | Absent from {self.plant(f'{n.place()} primary school'.lower(), 'school', 'overview')} all week. |
| 22/02/2024 | Housing | Moved to {self.plant(f'3 {n.place()} grove'.lower(), 'street', 'overview')}, postcode {self.plant(n.postcode(self.letters).replace(' ', '').lower(), 'postcode', 'overview')}. |
"""
        s["family-involvement"] = f"""Mother and Father met the lead reviewer. Mother said that {child_first} "was never any trouble" and that she had asked {self.safe(WOMENS_AID)} for help once. Father said he had tried to raise his worries with the school.

Maternal aunt, {self.alias('aunt', 0)} as the children call her, spoke about the weekends the children spent with her at {self.plant(house, 'house', 'family-involvement')}.

The family's cousin, {self.plant(cousin, 'name', 'family-involvement')}, born on {self.plant(cousin_dob, 'date of birth', 'family-involvement')}, also contributed.
"""
        nickname = self.alias("child", 1)
        self.key.nicknames.append(nickname)
        s["lived-experience"] = f"""Her teachers called her {nickname}, and she liked it; it was a name from home.

{P} told her class teacher that she did not like the new man in the house. She drew pictures of her sibling and herself hiding under a bed. {child_first} {fam[0]} was written on a label inside her coat.

![A drawing {P} made of her family](images/drawing.png){{width=40%}}

At weekends she went to {self.plant(f'{n.place()} Stars Tots', 'group', 'lived-experience')}, a club run by a parent. She was seen at {self.plant(surgery2, 'surgery', 'lived-experience')} with a rash when her own surgery was closed.
"""
        s["decisions"] = f"""When the police attended in October 2023, officers completed a risk assessment and referred the incident to {self.safe('MARAC')}. The social worker visited and decided that the family should receive {self.safe('Early Help')} rather than an assessment as a {self.safe('Child in Need')}.

{self.plant('Dr ' + gp_name, 'name', 'decisions', gp_name)} saw {P} at the surgery in December 2023 with a burn on her wrist and accepted Mother's account. {self.plant('PC ' + pc_name, 'name', 'decisions', pc_name)} attended the address in January 2024.

Ms {mum_first} told the health visitor that the burn was from a hair straightener. On {self.people['mother']['date_of_birth'][:2].lstrip('0')} January the school held a review meeting about attendance.

Mother's mobile ({mother_phone}) was the only number agencies held. A second number, {self.plant(phone3, 'phone', 'decisions')}, was given to the school.
"""
        s["multi-agency-working"] = f"""Information was shared through {self.safe('the MASH')} and {self.safe('Operation Encompass')}. {self.safe('Education')} received notifications but did not pass them to {self.safe('the Health Visiting Service')}.

Mother posted in a local Facebook group, {self.plant(group, 'group', 'multi-agency-working')}, asking for help with money. She also wrote on the {self.plant(page_word + ' Mums', 'group', 'multi-agency-working', page_word)} page. Mr K posted as {self.plant(handle, 'handle', 'multi-agency-working')}, and Mother's account, {self.plant(camel, 'handle', 'multi-agency-working')}, was public.

A referral came from {self.plant(email2, 'email', 'multi-agency-working')} in November 2023.
"""
        s["practice-in-general"] = f"""Practitioners across {a} said that waiting lists for {self.safe('Building Better Relationships')} were long, and that {self.safe('Signs of Safety')} was used unevenly. {self.safe(f'{a} City Council')} has since reviewed its training.

Before the move, the children had been at {self.plant(school2, 'school', 'practice-in-general')} and {self.plant(nursery2, 'nursery', 'practice-in-general')}.
"""
        s["doing-differently"] = f"""Agencies would need to ask routinely who lives in the household. {self.safe(f'{a}shire Constabulary')} should check new adults when a child is subject to a plan.

Mother said she had once stayed at {self.plant(flat, 'house', 'doing-differently', flat.split(', ')[1].split()[0])} with her sister.
"""
        s["good-practice"] = f"""The health visitor offered {self.safe('the Family Nurse Partnership')} and made a careful record of {P}'s own words. {self.safe('the NSPCC')} helpline passed on a concern promptly. {self.safe(a + " Children's Services")} held a strategy discussion within a day.
"""
        s["findings"] = """## Finding 1: Risk from new adults in the household was not assessed

No agency knew who lived in the house.

## Finding 2: Burns were accepted as accidents without checks

Each burn was seen alone.

## Finding 3: The child's words were not acted on

Her drawings were kept but not discussed.
"""
        s["learning"] = f"""The Partnership will share this review with {self.safe(BARNARDOS)} and {self.safe('Refuge')}, who run local services, and with {self.safe('the Care Quality Commission')}. Mr K's former partner, {self.plant(n.given(), 'name', 'learning')}, had told the police about his violence in 2021.
"""
        s["glossary"] = """| Term | Meaning |
| --- | --- |
| MARAC | Multi-Agency Risk Assessment Conference |
| MASH | Multi-Agency Safeguarding Hub |
| ICB | Integrated Care Board |
"""
        self.key.patterns += [
            r"name their role", r"\bDr an? (?:person|GP)\b", r"\[date of birth withheld\]", r"\[removed\]",
            r"keep it if", r"mobile \(a mobile number\)",
            r"\b(the family home), \1", rf"{PSEUDONYM} [A-Z]\b", rf"called her {PSEUDONYM}",
            r"\b([A-Z][\w' ]{3,40}), \1\b", rf"\b(?:Ms|Mrs|Miss|Mr|Dr) (?:Mother|Father|Aunt|Sibling|{PSEUDONYM})\b",
            r"\bMr Mr\b", r"\{width", r"January (?:19|20)\d\d the school", r"\bor (?:Mother|Sibling|Aunt|Father|Child R)\b",
        ]
        self.key.must_read.append("January the school held a review meeting")
        return s

    # --- chronologies ------------------------------------------------------------------------------
    def chronology_rows(self, agency: str) -> list[list[str]]:
        mum, child = self.first("mother"), self.first("child")
        events = {
            "childrens-services": [("12/09/2023", "Case note", f"Referral from school about {child}; home visit to {self.place('home')}.",
                                    "Early Help offered", "Social worker", "referral"),
                                   ("20/11/2023", "Strategy log", f"Strategy discussion about {child} and Mr K.",
                                    "Section 47 not started", "Team manager", "strategy discussion")],
            "police": [("03/10/2023", "Storm log", f"Domestic incident at {self.place('home')}; {mum} declined to give a statement.",
                        "DASH completed: medium", "Response officer", "police log / domestic abuse incident"),
                       ("14/01/2024", "Niche", f"Welfare check; {self.people['partner']['name']} present.",
                        "No further action", "PC", "police log / domestic abuse incident")],
            "icb": [("05/12/2023", "SystmOne", f"{child} seen with burn to wrist at {self.place('surgery')}.",
                     "Advice given", "GP", "health contact")],
            "hospital": [("18/02/2025", "ED record", f"{child} admitted with burns to both hands.",
                          "Safeguarding referral", "ED consultant", "hospital admission")],
            "health-visiting": [("15/11/2023", "Home visit", f"Sibling's review at {self.place('home')}.",
                                 "Universal plus", "Health visitor", "health contact")],
            "education": [("08/01/2024", "CPOMS", f"{child} absent all week from {self.place('school')}.",
                           "Attendance letter", "Attendance officer", "school exclusion/absence")],
        }
        return [[d, "", src, ev, out, role, cat, ""] for d, src, ev, out, role, cat in events[agency]]

    # --- writing -----------------------------------------------------------------------------------
    def review_yaml(self) -> dict:
        a = self.area
        people = [dict(id=pid, **p) for pid, p in self.people.items()]
        people[1]["address"] = [self.place("home"), a, self.place("home-postcode")]
        return {
            "partnership": dict(name=f"{a} Safeguarding Children Partnership",
                                website=f"https://www.{a.lower()}-safeguarding.example.co.uk",
                                mailbox="partnership@example.co.uk", address=[f"{a} Civic Centre", a, "ZZ1 1ZZ"],
                                phone="07700 900001"),
            "review": dict(id=REVIEW_ID, title=f"Local Child Safeguarding Practice Review: {PSEUDONYM}",
                           child_public_name=PSEUDONYM, circumstances="serious injury",
                           summary=f"{PSEUDONYM}, aged eight, was taken to hospital with burns in February 2025.",
                           lead_reviewers=[dict(name="Ms Independent Reviewer", title="Independent Lead Reviewer",
                                                email="reviewer@example.co.uk")],
                           dates=dict(incident="18/02/2025", notification="20/02/2025",
                                      rapid_review_submitted="12/03/2025", decision="01/04/2025",
                                      planned_publication="15/03/2027", completed="01/12/2026",
                                      chronology_deadline="30/05/2025", practitioner_session="10/07/2025"),
                           period=dict(start="01/09/2023", end="18/02/2025"), public_date_policy="month-year",
                           chronology_gap_days=28,
                           key_lines_of_enquiry=[dict(id="kloe-1", text="Were new adults in the household identified?"),
                                                 dict(id="kloe-2", text="Were injuries to the child explored?")]),
            "agencies": self.agencies(),
            "register": dict(people=people, places=[dict(id=k, **v) for k, v in self.places.items()],
                             identifiers=[dict(id=k, **v) for k, v in self.ids.items()]),
            "findings": [dict(id="f1", title="Risk from new adults in the household was not assessed",
                              lines_of_enquiry=["kloe-1"]),
                         dict(id="f2", title="Burns were accepted as accidents without checks",
                              lines_of_enquiry=["kloe-2"])],
            "recommendations": [dict(id="r1", text="All agencies should record who lives in a child's household.",
                                     owners=["childrens-services", "police"], due="30/06/2027", finding="f1"),
                                dict(id="r2", text="The Hospital Trust should check burns with the GP record.",
                                     owners=["hospital", "icb"], due="30/06/2027", finding="f2")],
            "allow": [],
        }

    def register_values(self) -> list[str]:
        values = []
        for p in self.people.values():
            values += [p["name"], *p["aliases"], p["name"].split()[0], p["date_of_birth"]]
        for p in self.places.values():
            values += [p["name"], *p.get("aliases", [])]
        values += [i["value"] for i in self.ids.values()]
        return values

    def write(self, out: Path) -> Path:
        """The case folder at out/<id>, and its answer key at out/<id>-key.json."""
        case = out / REVIEW_ID
        (case / "sections").mkdir(parents=True, exist_ok=True)
        (case / "chronologies").mkdir(exist_ok=True)
        (case / "redaction").mkdir(exist_ok=True)
        (case / "sections" / "images").mkdir(exist_ok=True)
        drawing = Image.new("RGB", (60, 40), "white")
        ImageDraw.Draw(drawing).rectangle((10, 10, 50, 30), outline="black")
        drawing.save(case / "sections" / "images" / "drawing.png")
        for sid, text in self.sections().items():
            (case / "sections" / f"{sid}.md").write_text(text)
        header = ["Date", "Time", "Source", "Event", "Action / outcome", "Practitioner role", "Category", "Significance"]
        for i, agency in enumerate(a["id"] for a in self.agencies()):
            rows = self.chronology_rows(agency)
            if i % 2:
                with (case / "chronologies" / f"{agency}.csv").open("w", newline="") as f:
                    csv.writer(f).writerows([header, *rows])
            else:
                book = Workbook()
                for row in [header, *rows]:
                    book.active.append(row)
                book.save(case / "chronologies" / f"{agency}.xlsx")
        (case / "review.yaml").write_text("# Wholly fictional, generated by bench/unseen_case.py\n"
                                          + yaml.safe_dump(self.review_yaml(), sort_keys=False, allow_unicode=True))
        self.key.safe += [t.removeprefix("the ") for t in self.short_forms()]
        self.key.safe = sorted(set(self.key.safe))
        self.key.register = self.register_values()
        (out / f"{REVIEW_ID}-key.json").write_text(json.dumps(asdict(self.key), indent=1))
        return case


def make_case(out: Path, seed: int = SEED) -> tuple[Path, Key]:
    built = Case(seed)
    case = built.write(out)
    return case, built.key


if __name__ == "__main__":
    folder, _ = make_case(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/unseen"))
    print(folder)
