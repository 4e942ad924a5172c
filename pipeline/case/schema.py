"""The review.yaml schema: everything the build knows about one review.

Pydantic models with `extra="forbid"` so a typo is an error, not a silently ignored key.
The JSON Schema exported from `Review` (templates/review.schema.json) lets editors
autocomplete review.yaml. Cross-references (an owner that is no agency, duplicate ids…)
are checked in `pipeline.case.load`, which reports them all together with their lines.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from enum import Enum
from typing import Annotated, Literal

from dateutil import parser as dateparser
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from pipeline import TEMPLATES
from pipeline.chronology.dates import DateError, parse_text
from pipeline.fileio import write_atomic

SLUG = r"^[a-z0-9][a-z0-9-]*$"


def parse_case_date(value: object) -> object:
    """Dates in review.yaml: ISO (2025-03-14) or day-first (14/03/2025, 14 March 2025)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date) or not isinstance(value, str):
        return value
    text = value.strip()
    if not re.search(r"\d{4}", text):
        raise ValueError(f"'{value}' has no four-digit year; write it as DD/MM/YYYY")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        return dateparser.parse(text, dayfirst=True).date()
    except (ValueError, OverflowError):
        raise ValueError(why_not_a_date(text)) from None


def why_not_a_date(text: str) -> str:
    """What is wrong with a date, said as the chronologies' date reader says it ("'31/02/2025' is not a
    real date: February has no 31st"), so both kinds of case file explain a wrong date the same way."""
    try:
        parse_text(text)
    except DateError as error:
        return str(error)
    return f"'{text}' is not a date"


CaseDate = Annotated[dt.date, BeforeValidator(parse_case_date)]
Slug = Annotated[str, Field(pattern=SLUG, description="lower-case letters, digits and hyphens")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Partnership(Strict):
    name: str = Field(description="Full name of the safeguarding partnership")
    website: str = Field(description="Where published reports are listed")
    mailbox: str = Field(description="Contact email for the review team")
    address: list[str] = Field(default_factory=list, description="Postal address lines, for letters")
    phone: str | None = None


class Reviewer(Strict):
    name: str = Field(description="Named in the published report")
    title: str = Field("Independent Lead Reviewer", description="How the reviewer is described")
    email: str | None = None
    phone: str | None = None


class Dates(Strict):
    incident: CaseDate = Field(description="The serious incident")
    notification: CaseDate = Field(description="Serious incident notified to the National Panel")
    rapid_review_submitted: CaseDate | None = Field(None, description="Rapid review sent to the National Panel")
    decision: CaseDate = Field(description="Decision to hold the LCSPR")
    planned_publication: CaseDate = Field(description="Planned publication of the report")
    completed: CaseDate | None = Field(None, description="Final report signed off (completes the LCSPR)")
    sent_to_national_panel: CaseDate | None = Field(
        None, description="Report sent to the National Panel, Ofsted and DfE")
    chronology_deadline: CaseDate | None = Field(None, description="Agencies return chronologies by")
    practitioner_session: CaseDate | None = Field(None, description="Reflective practitioner session")
    panel_meetings: list[CaseDate] = Field(default_factory=list, description="Review Panel meetings (lcspr status)")


class Period(Strict):
    start: CaseDate = Field(description="First day of the period under review (terms of reference)")
    end: CaseDate = Field(description="Last day of the period under review")


class Session(Strict):
    """Where and when the reflective practitioner session is held (its day is dates.practitioner_session)."""
    starts: str | None = Field(None, pattern=r"^([01]?\d|2[0-3]):[0-5]\d$",
                               description="Start time, 24-hour HH:MM, e.g. 10:00 (the agenda is timed from it)")
    ends: str | None = Field(None, pattern=r"^([01]?\d|2[0-3]):[0-5]\d$", description="End time, HH:MM")
    venue: list[str] = Field(default_factory=list, description="Address lines of the venue, if held in person")
    link: str | None = Field(None, description="How to join, if held online (a meeting link)")


class Signatory(Strict):
    name: str = Field(description="Who signs the covering letter to the National Panel, Ofsted and DfE")
    role: str = Field(description="e.g. Independent Scrutineer, or Chair of the Safeguarding Partners")


class LineOfEnquiry(Strict):
    id: Slug
    text: str


class DatePolicy(str, Enum):
    month_year = "month-year"
    year = "year"
    exact = "exact"


class ReviewInfo(Strict):
    id: Slug = Field(description="Short id used in file names, e.g. child-w-2025")
    title: str = Field(description="The published title of the report")
    child_public_name: str = Field(description="How the child is named in public, e.g. 'Child W'")
    circumstances: Literal["death", "serious injury"] = Field(
        description="Whether the child died or was seriously injured (used in letters)")
    summary: str = Field("", description="A short, anonymised case summary for letters to agencies")
    lead_reviewers: list[Reviewer] = Field(default_factory=list)
    dates: Dates
    period: Period
    key_lines_of_enquiry: list[LineOfEnquiry] = Field(default_factory=list)
    session: Session | None = Field(None, description="Time and venue or link of the practitioner session")
    public_date_policy: DatePolicy = Field(
        DatePolicy.month_year, description="How exact dates appear in public text")
    chronology_gap_days: int = Field(28, ge=1, le=3650,
                                     description="A spell with no agency contact longer than this is flagged")


class Agency(Strict):
    id: Slug = Field(description="Matches the chronology file stem, e.g. 'police' for chronologies/police.xlsx")
    name: str = Field(description="Full name, used internally and in letters")
    public_name: str = Field(description="The name used in the published report")
    contact_role: str = Field("Safeguarding Lead", description="Who the chronology request goes to")
    contact_email: str | None = None


class Person(Strict):
    id: Slug
    name: str = Field(description="Real full name (never published)")
    aliases: list[str] = Field(default_factory=list, description="Other names, nicknames, maiden names, spellings")
    role: str = Field(description="e.g. subject child, mother, mother's partner")
    title: str | None = Field(None, description="Ms, Mr, Mrs, Mx, Dr…: letters say 'Dear Ms Hartnell'")
    salutation: str | None = Field(None, description="How a letter greets them after 'Dear', e.g. 'Shannon' "
                                                     "(default: title and surname)")
    gender: Literal["female", "male"] | None = Field(
        None, description="The child's: family letters say 'your daughter' or 'your son' (default 'your child')")
    relationship: str | None = Field(None, description="How this person's letter names the child before the "
                                                       "child's first name, e.g. 'your granddaughter' "
                                                       "(default: from the role)")
    date_of_birth: CaseDate | None = None
    pseudonym: str = Field(description="How the person is named in the report, e.g. 'Mother'")
    subject: bool = Field(False, description="The child the review is about (ages in the chronology)")
    family_letter: bool = Field(False, description="Send this person the Appendix 7 letter")
    address: list[str] = Field(default_factory=list, description="Postal address lines, for letters")

    @field_validator("pseudonym")
    @classmethod
    def _pseudonym_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a pseudonym is required")
        return value


class PlaceKind(str, Enum):
    address = "address"
    street = "street"
    postcode = "postcode"
    town = "town"
    school = "school"
    nursery = "nursery"
    gp_surgery = "gp surgery"
    hospital = "hospital"
    other = "other"


class Place(Strict):
    id: Slug
    name: str = Field(description="The real name or address (never published)")
    kind: PlaceKind
    aliases: list[str] = Field(default_factory=list)
    generic: str = Field(description="The wording used in public, e.g. 'the child's primary school'")


class IdentifierKind(str, Enum):
    nhs_number = "nhs number"
    ni_number = "ni number"
    phone = "phone"
    email = "email"
    case_reference = "case reference"
    crime_reference = "crime reference"
    vehicle_registration = "vehicle registration"
    social_media = "social media"
    other = "other"


class Identifier(Strict):
    id: Slug
    kind: IdentifierKind
    value: str
    belongs_to: str | None = Field(None, description="Person id this identifier belongs to")
    generic: str = Field(description="The wording used in public, e.g. 'a mobile number'")


class Register(Strict):
    people: list[Person] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    identifiers: list[Identifier] = Field(default_factory=list)


class Finding(Strict):
    id: Slug
    title: str
    lines_of_enquiry: list[str] = Field(default_factory=list, description="Key line of enquiry ids it addresses")


class Recommendation(Strict):
    id: Slug
    text: str
    owners: list[str] = Field(default_factory=list, description="Agency ids responsible")
    due: CaseDate | None = None
    finding: str | None = Field(None, description="The finding id it answers")


class Participant(Strict):
    name: str
    role: str = Field(description="e.g. Head of Safeguarding")
    agency: str = Field(description="The agency id they represent")


class Criterion(str, Enum):
    """Section 6 of the Rapid Review template (Appendix 4): the criteria the case may meet."""
    improvements = "improvements"
    recurrent_themes = "recurrent themes"
    agencies_working_together = "agencies working together"
    panel_suggested_local = "panel suggested local review"
    single_agency_concern = "single agency concern"
    no_agency_involvement = "no agency involvement"
    more_than_one_area = "more than one area"
    institutional_setting = "institutional setting"


class RapidReviewOutcome(str, Enum):
    """Section 7 of the Rapid Review template: what the partners decided."""
    national_review = "national review"
    local_review = "local review"
    learning_review = "learning review"
    other_statutory_review = "other statutory review"
    single_agency_review = "single agency review"
    multi_agency_audit = "multi-agency audit"
    single_agency_audit = "single agency audit"
    no_further_action = "no further action"
    other = "other"


class AgencyNote(Strict):
    agency: str = Field(description="Agency id")
    text: str


class AgencyLearning(Strict):
    agency: str = Field(description="Agency id")
    learning: str
    actions: str = ""


class RapidReview(Strict):
    """The Rapid Review (framework Appendices 3 and 4): due 15 working days after the notification."""
    notified_by: str = Field(description="Agency id of the agency that notified the partnership")
    meeting: CaseDate | None = Field(None, description="The three statutory partners' Rapid Review meeting")
    information_from: CaseDate | None = Field(
        None, description="Agencies describe their involvement from this date (default: the period's start)")
    child_sex: str = ""
    child_ethnicity: str = ""
    participants: list[Participant] = Field(default_factory=list)
    incident_summary: str = Field("", description="The family's circumstances and the incident (section 3)")
    immediate_action: str = Field("", description="Action taken to keep the child and siblings safe")
    immediate_learning: str = ""
    legal_advice: str = ""
    discussion: str = Field("", description="Record of the Rapid Review discussion (section 5)")
    criteria: list[Criterion] = Field(default_factory=list, description="The criteria the case may meet (section 6)")
    outcome: RapidReviewOutcome | None = Field(None, description="The recommendation (section 7)")
    outcome_other: str = Field("", description="What 'other' (or the other review) is")
    rationale: str = Field("", description="The next steps and why")
    good_practice: list[AgencyNote] = Field(default_factory=list)
    learning: list[AgencyLearning] = Field(default_factory=list)


class Mailboxes(Strict):
    national_panel: str = "Mailbox.NationalReviewPanel@education.gov.uk"
    ofsted: str = "SCR.SIN@ofsted.gov.uk"
    dfe: str = "Mailbox.CPOD@education.gov.uk"
    nspcc: str = "information@nspcc.org.uk"


class Reading(Strict):
    title: str = Field(description="What a practitioner will find there")
    url: str = Field(description="A public web address (https://...)")


class Briefing(Strict):
    """The 7-minute briefing's own wording: public wording, checked like every published field."""

    background: str = Field(description="Why this review was held, in two or three sentences")
    what_happened: str = Field(description="The case in brief, in the report's pseudonyms")
    questions: list[str] = Field(min_length=1, description="Questions a team can discuss in supervision")
    further_reading: list[Reading] = Field(default_factory=list,
                                           description="Guidance and tools (the full report is linked anyway)")


class PublicationKind(str, Enum):
    report = "report"
    improvements_only = "improvements-only"


class Review(Strict):
    """review.yaml: the whole case description.

    The register is stored as `people_register` (a field named `register` would be mistaken for
    the metaclass's own `register` method and silently get it as a default); read it as `.register`.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, populate_by_name=True)

    partnership: Partnership
    review: ReviewInfo
    agencies: list[Agency] = Field(min_length=1)
    people_register: Register = Field(alias="register",
                                      description="Every person, place and identifier that must never be published")
    findings: list[Finding] = Field(default_factory=list)
    recommendations: list[Recommendation] = Field(default_factory=list)
    allow: list[str] = Field(default_factory=list,
                             description="Words the anonymiser must leave alone (beyond the built-in list)")
    mailboxes: Mailboxes = Field(default_factory=Mailboxes)
    briefing: Briefing | None = Field(None, description="The 7-minute briefing (lcspr briefing); none when absent")
    publication: PublicationKind = Field(
        PublicationKind.report, description="report, or improvements-only: the partners judged the report "
        "inappropriate to publish and publish the improvements instead (framework section 9, footnote 6)")
    signatory: Signatory | None = Field(None, description="Who signs the covering letter (bundle needs it)")
    rapid_review: RapidReview | None = Field(
        None, description="The Rapid Review before the decision (framework Appendices 3 and 4)")

    @property
    def register(self) -> Register:
        return self.people_register

    def agency(self, agency_id: str) -> Agency | None:
        return next((a for a in self.agencies if a.id == agency_id), None)

    @property
    def subject(self) -> Person | None:
        return next((p for p in self.register.people if p.subject), None)


SCHEMA_PATH = TEMPLATES / "review.schema.json"


def review_schema() -> str:
    schema = Review.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "LCSPR review.yaml"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # make schema
    write_atomic(SCHEMA_PATH, review_schema())
    print(f"wrote {SCHEMA_PATH}")
