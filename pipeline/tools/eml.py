"""Draft emails as .eml files: Outlook and Thunderbird open them ready to send (X-Unsent).

Their headers and MIME boundary depend only on what they carry and a date, never the clock,
so the same case gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

SUBTYPES = {"pdf": "pdf", "docx": "vnd.openxmlformats-officedocument.wordprocessingml.document"}


def draft_email(sender: tuple[str, str], to: list[tuple[str, str]], subject: str, body: str, when: dt.date,
                attachments: list[tuple[str, bytes]] = (), *, seed: str) -> bytes:
    """One RFC 5322 message from `sender` to each (name, address) in `to`, dated `when` 09:00 UTC."""
    digest = hashlib.sha256("\0".join([seed, *(a for _, a in to), subject,
                                       *(hashlib.sha256(d).hexdigest() for _, d in attachments)]).encode()).hexdigest()
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = formataddr(sender)
    message["To"] = ", ".join(formataddr(person) for person in to)
    message["Subject"] = subject
    message["Date"] = format_datetime(dt.datetime.combine(when, dt.time(9, 0), tzinfo=dt.timezone.utc))
    message["Message-ID"] = f"<{digest[:32]}@{sender[1].rpartition('@')[2]}>"
    message["X-Unsent"] = "1"  # Outlook opens it as a draft, ready to send
    message.set_content(body)
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype=SUBTYPES[name.rpartition(".")[2]], filename=name)
    if attachments:
        message.set_boundary(f"=_lcspr_{digest[32:56]}")
    return message.as_bytes()
