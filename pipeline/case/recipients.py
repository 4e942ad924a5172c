"""Who the report goes to (the framework's section 9) and who hears of a delay (section 3): one list
of the statutory recipients, their mailboxes from review.yaml `mailboxes:`."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.case.schema import Review


@dataclass(frozen=True)
class Recipient:
    key: str       # the field in review.yaml `mailboxes:`
    name: str
    mailbox: str

    @property
    def file_name(self) -> str:
        return self.key.replace("_", "-") + ".eml"

    @property
    def address(self) -> tuple[str, str]:
        return self.name, self.mailbox


NAMES = {"national_panel": "Child Safeguarding Practice Review Panel",
         "ofsted": "Ofsted",
         "dfe": "Department for Education (for the Secretary of State)",
         "nspcc": "NSPCC National Repository of safeguarding case reviews"}
SUBMISSION = ("national_panel", "ofsted", "dfe")   # the full report, seven working days before publication
REPOSITORY = "nspcc"                               # what is published, on publication day
DELAY = ("national_panel", "dfe")                  # "the National Panel and Secretary of State should be informed"


def recipient(review: Review, key: str) -> Recipient:
    return Recipient(key, NAMES[key], getattr(review.mailboxes, key))


def submission_recipients(review: Review) -> list[Recipient]:
    return [recipient(review, key) for key in SUBMISSION]


def repository(review: Review) -> Recipient:
    return recipient(review, REPOSITORY)


def delay_recipients(review: Review) -> list[Recipient]:
    return [recipient(review, key) for key in DELAY]
