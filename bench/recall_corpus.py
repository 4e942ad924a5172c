"""A seeded corpus for measuring recall on text the recognisers were never tuned to.

Paragraphs of social-care prose and chronology rows (Markdown tables, as drafts hold them), each
with invented identifiers the register does not know (names, streets with and without numbers,
house names, postcodes whole and partial, schools, nurseries, surgeries, wards, groups and pages,
handles, hashtags, phones, emails, references) and with what must be kept (national bodies,
practice terms, programmes, the review's own agencies in their shorter forms). Every name is made
from syllables, so no list of real names or of the example's strings is in it. The paragraphs are
split into a tuning half and a held-out half by a fixed seed: rules may be looked at against the
tuning half only.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

SEED = 20261201
SPLIT_SEED = 7

ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "l", "m", "n", "p", "r", "s", "sh", "st",
          "t", "th", "tr", "v", "w", "z", "kl", "pl", "sk"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ee", "oa", "ou", "y"]
CODAS = ["", "", "n", "l", "r", "s", "th", "ck", "nd", "rt", "m", "x", "z", "ll", "nn"]
SURNAME_ENDS = ["ley", "ton", "well", "ford", "by", "son", "wick", "ridge", "more", "field", "ham", "worth", "ock",
                "ers"]
FIRST_ENDS = ["a", "ie", "o", "y", "en", "ella", "an", "ia", "on", "ey", "elle", "us"]
STREET_TYPES = ["Road", "Street", "Lane", "Close", "Avenue", "Drive", "Crescent", "Way", "Walk", "Grove", "Gardens",
                "Terrace", "Mews", "Rise", "View", "Row", "Place", "Court", "Hill", "Rd", "Ave", "Cl"]
SCHOOLS = ["Primary School", "Academy", "C of E Primary School", "Junior School", "Infant School", "High School",
           "Community College"]
NURSERIES = ["Nursery", "Pre-School", "Day Nursery", "Playgroup"]
SURGERIES = ["Surgery", "Medical Centre", "Health Centre", "Medical Practice"]
GROUP_ENDS = ["Mums Support Circle", "Parents Group", "Community Page", "Mums", "Dads Network", "Youth Club",
              "Families Forum", "Tots", "FC", "Residents Group", "Chat", "Support Group"]
PLATFORMS = ["Facebook", "WhatsApp", "Instagram", "Snapchat", "TikTok"]
AREA_LETTERS = ["AB", "BX", "CQ", "DW", "EK", "FL", "GH", "HN", "JR", "KT", "LM", "NB", "PW", "RT", "SN", "TV", "WR"]
INWARD = "ABDEFGHJLNPQRSTUWXYZ"
MUST_KEEP = ["the National Child Safeguarding Practice Review Panel", "Ofsted", "the DfE", "the CQC", "HMICFRS",
             "NHS England", "the NSPCC", "Barnardo's", "Women's Aid", "Refuge", "the MASH", "a MARAC", "MAPPA",
             "Early Help", "a Child in Need plan", "Signs of Safety", "Working Together to Safeguard Children 2023",
             "the Building Better Relationships programme", "the Family Nurse Partnership", "Supporting Families",
             "Thames Valley Police", "West Mercia Police", "NHS Kent and Medway Integrated Care Board",
             "Devon ICB", "CAMHS", "the LADO", "a Section 47 enquiry", "the Designated Safeguarding Lead",
             "Operation Encompass", "Cafcass", "the Family Court", "the Health Visitor", "Clare's Law",
             "the Crown Prosecution Service", "Keeping Children Safe in Education", "a Rapid Review",
             "the Children Act 1989", "Greater Manchester Police", "Social Work England", "the IDVA"]
PSEUDONYMS = ["Child X", "Mother", "Father", "Mother's partner", "Maternal Grandmother", "Sibling 1"]


@dataclass
class Paragraph:
    text: str
    identifiers: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind): must be held
    keep: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, term): must never be a finding


@dataclass
class Corpus:
    tuning: list[Paragraph]
    held_out: list[Paragraph]
    area: str
    vocabulary: list[str]  # the review's own words: partnership, agencies, pseudonyms


class Writer:
    """Builds one paragraph from pieces, recording where each identifier and kept term lands."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.paragraph = Paragraph("")

    def say(self, text: str) -> "Writer":
        self.parts.append(text)
        self.length += len(text)
        return self

    def identifier(self, text: str, kind: str) -> "Writer":
        self.paragraph.identifiers.append((self.length, self.length + len(text), kind))
        return self.say(text)

    def kept(self, text: str) -> "Writer":
        core = text.removeprefix("the ").removeprefix("a ")
        start = self.length + len(text) - len(core)
        self.paragraph.keep.append((start, start + len(core), core))
        return self.say(text)

    def done(self) -> Paragraph:
        self.paragraph.text = "".join(self.parts)
        return self.paragraph


class Inventor:
    """Invented names and identifiers, from syllables and digits."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def syllable(self) -> str:
        r = self.rng
        return r.choice(ONSETS) + r.choice(VOWELS) + r.choice(CODAS)

    def word(self, ends: list[str]) -> str:
        second = self.syllable() if self.rng.random() < 0.4 else ""
        return (self.syllable() + second + self.rng.choice(ends)).capitalize()

    def first(self) -> str:
        return self.word(FIRST_ENDS)

    def surname(self) -> str:
        return self.word(SURNAME_ENDS)

    def place_word(self) -> str:
        return self.word(["", "more", "field", "brook", "dale", "wood", "stead", "holm", "acre"])

    def street(self) -> str:
        return f"{self.place_word()} {self.rng.choice(STREET_TYPES)}"

    def numbered_street(self) -> str:
        return f"{self.rng.randint(1, 240)} {self.street()}"

    def house(self) -> str:
        return self.rng.choice([f"{self.place_word()} Cottage", f"{self.place_word()} House",
                                f"{self.rng.randint(1, 60)} The {self.place_word()}s", f"{self.place_word()} Farm"])

    def district(self) -> str:
        return f"{self.rng.choice(AREA_LETTERS)}{self.rng.randint(1, 29)}"

    def postcode(self) -> str:
        r = self.rng
        return f"{self.district()} {r.randint(1, 9)}{r.choice(INWARD)}{r.choice(INWARD)}"

    def partial_postcode(self) -> str:
        return f"{self.district()} {self.rng.randint(1, 9)}"

    def school(self) -> str:
        return f"{self.place_word()} {self.rng.choice(SCHOOLS)}"

    def nursery(self) -> str:
        return f"{self.rng.choice(['Little', 'Tiny', 'Busy'])} {self.place_word()} {self.rng.choice(NURSERIES)}"

    def surgery(self) -> str:
        return f"{self.place_word()} {self.rng.choice(SURGERIES)}"

    def ward(self) -> str:
        return f"{self.place_word()} Ward"

    def group(self) -> str:
        lead = self.rng.choice([self.place_word(), self.district(), f"{self.place_word()} {self.place_word()}"])
        return f"{lead} {self.rng.choice(GROUP_ENDS)}"

    def handle(self) -> str:
        r = self.rng
        base = self.syllable() + r.choice(["_", ".", ""]) + self.syllable()
        if r.random() < 0.5:
            return f"@{base}{r.randint(1, 99)}"
        return f"{base.replace('.', '_')}_{r.randint(70, 99)}"

    def camel(self) -> str:
        return self.first() + self.rng.choice(["Loves", "Mum", "X", "Official", ""]) + self.place_word()

    def disguised(self, name: str) -> str:
        """One letter swapped for its Cyrillic look-alike, as an attacker or a keyboard may write it."""
        lookalikes = {"a": "\u0430", "e": "\u0435", "o": "\u043e", "c": "\u0441", "p": "\u0440"}
        at = [i for i, ch in enumerate(name) if ch in lookalikes]
        if not at:
            return name
        i = self.rng.choice(at)
        return name[:i] + lookalikes[name[i]] + name[i + 1:]

    def lower_hashtag(self) -> str:
        return "#" + self.place_word().lower() + self.rng.choice(["mums", "strong", "family", "crew"])

    def hashtag(self) -> str:
        return "#" + self.rng.choice(["JusticeFor", "Pray4", "Love", "Team"]) + self.first()

    def phone(self) -> str:
        return f"07700 900{self.rng.randint(0, 999):03d}"

    def email(self) -> str:
        return f"{self.syllable()}.{self.syllable()}{self.rng.randint(1, 99)}@example.co.uk"

    def reference(self) -> str:
        r = self.rng
        return r.choice([f"{r.choice(AREA_LETTERS)}/{r.randint(20, 25)}/{r.randint(1000, 999999):06d}",
                         f"CR{r.randint(10000000, 99999999)}", f"{r.randint(10, 99)}/{r.randint(100000, 9999999)}"])

    def date(self) -> str:
        r = self.rng
        return f"{r.randint(1, 28):02d}/{r.randint(1, 12):02d}/{r.randint(2022, 2025)}"


def prose(inv: Inventor, rng: random.Random, area: str, agencies: list[str]) -> Paragraph:
    """A few sentences of a report section, each built round one identifier or kept term."""
    w = Writer()
    def person() -> Writer:
        return w.identifier(inv.first() + (" " + inv.surname() if rng.random() < 0.6 else ""), "name")

    sentences = [
        lambda: w.say(f"{rng.choice(PSEUDONYMS)} told the social worker that a family friend, ").identifier(
            inv.first(), "name").say(", often stayed at the house."),
        lambda: w.say("The family lived nearby, on ").identifier(inv.street(), "street").say(", for a year."),
        lambda: w.say("They moved to ").identifier(inv.numbered_street(), "street").say(" in the spring."),
        lambda: w.say("The address was ").identifier(inv.house(), "house").say(", on the edge of the estate."),
        lambda: w.say("Mother gave a postcode of ").identifier(inv.postcode(), "postcode").say(" at the time."),
        lambda: w.say("She said she was living somewhere in ").identifier(inv.partial_postcode(), "postcode").say("."),
        lambda: w.say("The neighbourhood, ").identifier(inv.district(), "postcode").say(", has few services."),
        lambda: w.say("Child X started at ").identifier(inv.school(), "school").say(" in Year 1."),
        lambda: w.say("Her younger brother attended ").identifier(inv.nursery(), "nursery").say(
            " three mornings a week."),
        lambda: w.say("The family were registered with ").identifier(inv.surgery(), "surgery").say("."),
        lambda: w.say("She was cared for on ").identifier(inv.ward(), "ward").say(" for four days."),
        lambda: w.say(f"Mother posted in a local {rng.choice(PLATFORMS)} group, ").identifier(inv.group(), "group").say(
            ", asking for help."),
        lambda: w.say("Father's partner runs a page called ").identifier(inv.group(), "group").say("."),
        lambda: w.say("He posted as ").identifier(inv.handle(), "handle").say(" on several sites."),
        lambda: w.say("Her account, ").identifier(inv.camel(), "handle").say(", was public."),
        lambda: w.say("Friends shared the hashtag ").identifier(inv.hashtag(), "hashtag").say(" after the incident."),
        lambda: w.say("The school rang Mother on ").identifier(inv.phone(), "phone").say(" but there was no answer."),
        lambda: w.say("The referral came from ").identifier(inv.email(), "email").say("."),
        lambda: w.say("The crime reference was ").identifier(inv.reference(), "reference").say("."),
        lambda: (w.say("Later that week "), person(), w.say(" visited the home with Mother.")),
        lambda: (w.say("Mother's new partner, "), person(), w.say(", was not known to agencies.")),
        lambda: (w.say("A neighbour called "), w.identifier(inv.first(), "name"),
                 w.say(" rang the police twice.")),
        lambda: (person(), w.say(" said the children were often left alone.")),
        lambda: (w.say("Dr "), w.identifier(inv.surname(), "name"), w.say(" saw Child X at the surgery.")),
        lambda: (w.say("PC "), w.identifier(inv.surname(), "name"), w.say(" attended the address.")),
        lambda: (w.say("Mr and Mrs "), w.identifier(inv.surname(), "name"), w.say(" live next door.")),
        lambda: (w.say("The social worker told "), w.identifier(inv.surname(), "name"),
                 w.say(" that the plan would continue.")),
        lambda: (w.say("Her cousin "), w.identifier(f"{inv.first()}-{inv.first()}", "name"), w.say(" collected her.")),
        lambda: (w.say("A friend, "), w.identifier(inv.disguised(inv.first() + " " + inv.surname()), "name"),
                 w.say(", was also present.")),
        lambda: w.say("Mother posted under ").identifier(inv.lower_hashtag(), "hashtag").say(" most nights."),
        lambda: w.say("The family stayed at ").identifier(f"{rng.randint(1, 99)} {inv.place_word()} St", "street").say(
            " for a month."),
        lambda: w.say("She joined the ").identifier(f"{inv.place_word()} mums", "group").say(" group on Facebook."),
        lambda: w.say("The case was discussed with ").kept(rng.choice(MUST_KEEP)).say(" in the spring."),
        lambda: w.say("Practitioners referred to ").kept(rng.choice(MUST_KEEP)).say(" and to ").kept(
            rng.choice(agencies)).say("."),
        lambda: w.say("In line with ").kept(rng.choice(MUST_KEEP)).say(", the partnership reviewed its practice."),
        lambda: w.say("Staff from ").kept(rng.choice(agencies)).say(" attended the strategy meeting."),
        lambda: w.say(f"Practitioners across {area} said that waiting lists for ").kept(rng.choice(MUST_KEEP)).say(
            " were long."),
    ]
    for sentence in rng.sample(sentences, rng.randint(2, 4)):
        sentence()
        w.say(" ")
    w.parts[-1] = ""
    return w.done()


def chronology(inv: Inventor, rng: random.Random, area: str, agencies: list[str]) -> Paragraph:
    """A chronology table of one to three rows, as the draft lays chronologies out."""
    w = Writer().say("| Date | Source | Event | Outcome |\n| --- | --- | --- | --- |\n")
    events = [
        lambda: (w.say("Home visit; "), w.identifier(inv.first(), "name"), w.say(" present and gave a false name.")),
        lambda: (w.say("Call from "), w.identifier(inv.phone(), "phone"), w.say(" about shouting.")),
        lambda: (w.say("Seen at "), w.identifier(inv.surgery(), "surgery"), w.say(" with a bruise.")),
        lambda: (w.say("Absent from "), w.identifier(inv.school(), "school"), w.say(" all week.")),
        lambda: (w.say("Family moved to "), w.identifier(inv.numbered_street(), "street"), w.say(".")),
        lambda: (w.say("Neighbour on "), w.identifier(inv.street(), "street"), w.say(" reported a fight.")),
        lambda: (w.say("Referral to "), w.kept(rng.choice(MUST_KEEP)), w.say(".")),
        lambda: (w.say("Information shared with "), w.kept(rng.choice(agencies)), w.say(".")),
        lambda: (w.say("Crime ref "), w.identifier(inv.reference(), "reference"), w.say(".")),
        lambda: (w.say("Posts on "), w.identifier(inv.group(), "group"), w.say(" page.")),
        lambda: (w.say("New postcode "), w.identifier(inv.postcode(), "postcode"), w.say(".")),
        lambda: (w.say("seen at home with "), w.identifier(f"{inv.first()} {inv.surname()}".lower(), "name"),
                 w.say(", no concerns.")),
        lambda: (w.say("Mother says "), w.identifier(inv.surname(), "name"), w.say(" has moved out.")),
    ]
    for _ in range(rng.randint(1, 3)):
        source = rng.choice(["CPOMS", "Police log", "Case note", "Telephone note", "Visit record"])
        w.say(f"| {inv.date()} | {source} | ")
        rng.choice(events)()
        w.say(f" | {rng.choice(['Recorded.', 'Strategy discussion held.', 'No further action.', 'Letter sent.'])} |\n")
    w.parts[-1] = w.parts[-1].rstrip("\n")
    return w.done()


def review_vocabulary(inv: Inventor) -> tuple[str, list[str], list[str]]:
    """An invented partnership: its area, its agencies as a report writes them, and its vocabulary."""
    area = inv.place_word()
    names = [f"{area} Safeguarding Children Partnership", f"NHS {area} Integrated Care Board",
             f"{area} Hospitals NHS Foundation Trust", f"{area} Borough Council Children's Social Care",
             f"{area} Constabulary", f"{area} Homes"]
    written = [f"{area} ICB", f"{area} Hospitals", f"the {area} MASH", f"{area} Constabulary",
               f"{area} Borough Council", f"{area} Homes", "Children's Social Care"]
    vocabulary = names + ["Children's Social Care", "Acute Hospital Trust", "Police", "Housing provider",
                          *PSEUDONYMS]
    return area, written, vocabulary


def corpus(paragraphs: int = 400, seed: int = SEED) -> Corpus:
    """`paragraphs` paragraphs (two in three prose), split in halves by SPLIT_SEED."""
    rng = random.Random(seed)
    inv = Inventor(rng)
    area, agencies, vocabulary = review_vocabulary(inv)
    made = [(prose if rng.random() < 2 / 3 else chronology)(inv, rng, area, agencies) for _ in range(paragraphs)]
    order = list(range(paragraphs))
    random.Random(SPLIT_SEED).shuffle(order)
    half = paragraphs // 2
    return Corpus([made[i] for i in sorted(order[:half])], [made[i] for i in sorted(order[half:])], area, vocabulary)
