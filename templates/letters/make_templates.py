"""Regenerate the docxtpl letter templates in this folder from the framework's own wording.

Run `.venv/bin/python templates/letters/make_templates.py` after changing the wording here,
then commit the .docx files. Each paragraph is one Word run, so every Jinja tag stays in a
single run (docxtpl cannot see a tag that Word has split across runs). Edit the .docx files
in Word instead if you prefer; keep each {{ tag }} typed in one go.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
DIED = "{% if died %}tragic death of{% else %}serious injury to{% endif %}"
BORN = "{% if child_dob %} (born {{ child_dob|long_date }}){% endif %}"


def new_document():
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    props = doc.core_properties
    props.author = props.last_modified_by = ""
    props.title, props.comments, props.keywords, props.subject = "", "", "", ""
    props.created = props.modified = dt.datetime(2025, 1, 1)
    return doc


def para(doc, text, *, bold=False, style=None, right=False):
    paragraph = doc.add_paragraph(style=style)
    run = paragraph.add_run(text)
    run.bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return paragraph


def letterhead(doc, recipient=True):
    para(doc, "{{ partnership.name }}", bold=True, right=True)
    para(doc, "{{ partnership_address }}", right=True)
    if recipient:
        para(doc, "{{ recipient_block }}")
    para(doc, "{{ letter_date|long_date }}")


def bullets(doc, items):
    for item in items:
        para(doc, item, style="List Bullet")


def loop(doc, header, body, style="List Bullet"):
    """A docxtpl paragraph loop: the {%p %} paragraphs disappear when rendered."""
    para(doc, "{%p " + header + " %}")
    para(doc, body, style=style)
    para(doc, "{%p endfor %}")


def signature(doc, closing):
    para(doc, closing)
    para(doc, "{{ signature }}")


def family_letter():
    doc = new_document()
    letterhead(doc)
    para(doc, "Dear {{ recipient_name }},")
    para(doc, "RE: A local Child Safeguarding Practice Review about {{ child_name }}", bold=True)
    para(doc, f"Firstly, I would like to say how sorry I am about the {DIED} {{{{ child_name }}}}. "
              "I understand this must be a very difficult time for you and your family.")
    para(doc, "I would like to introduce myself and explain why I am writing to you. My name is "
              "{{ reviewer.name }} and I have been asked to lead an independent review to look at the way in "
              "which agencies and services worked with your family in the time before {{ child_first_name }} "
              "{% if died %}died{% else %}was seriously injured{% endif %}.")
    para(doc, "The review is officially called a 'local Child Safeguarding Practice Review'. The purpose is to "
              "consider how organisations (such as police, health, schools and the local council) worked together "
              "and whether there are improvements that could be made to prevent, or reduce the risk, of similar "
              "incidents happening in the future. I enclose a leaflet, which explains more about these reviews.")
    para(doc, "This review is completely separate to any investigation into how {{ child_first_name }} "
              "{% if died %}sadly died{% else %}was seriously injured{% endif %} that may be taking place. "
              "When I am able, I would like to visit you to hear about the services you received. We believe it "
              "is very important that family members share their experience, including the quality of services "
              "and whether anything could have been done better.")
    para(doc, "If you are willing to help us learn from this, please contact {{ contact }} so that a meeting can "
              "be arranged. If you have any questions or concerns please contact {{ reviewer_contact }}.")
    signature(doc, "Yours sincerely,")
    return doc


def chronology_request():
    doc = new_document()
    letterhead(doc)
    para(doc, "Dear {{ agency.contact_role }},")
    doc.add_heading("Request to Complete Chronologies for a Safeguarding Review", level=2)
    para(doc, f"We are undertaking a local Child Safeguarding Practice Review into the {DIED} "
              f"{{{{ child_name }}}}{BORN}. The first stage of the review process is for each agency to complete:")
    bullets(doc, ["a chronology of their agency's involvement with the child and/or their family members; and",
                  "a chronology of organisational changes that may have impacted on frontline practice."])
    para(doc, "The review covers the period from {{ period_start|long_date }} to {{ period_end|long_date }}. "
              "I would, therefore, appreciate it if you could arrange for completion of these two documents for "
              "{{ agency.name }}.")
    para(doc, "{% if summary %}Case summary: {{ summary }}{% endif %}")
    para(doc, "Individual agency chronologies will be collated to produce an Integrated Chronology, which will be "
              "used to inform potential learning.")
    doc.add_heading("Request to identify staff to attend the Reflective Learning Workshop", level=2)
    para(doc, "Once our information gathering stage is complete, we plan to hold a Reflective Learning Workshop"
              "{% if session %} on {{ session|long_date }}{% endif %} involving front-line workers and supervisors "
              "who had direct involvement with the child and / or their family. I would, therefore, be grateful if "
              "you could identify and confirm the name and contact details of all relevant staff in your "
              "organisation.")
    doc.add_heading("Submission", level=2)
    para(doc, "Please submit your agency's completed forms via email to {{ partnership.name }} at "
              "{{ partnership.mailbox }} no later than {{ deadline|long_date }}.")
    para(doc, "If you require any further information or need any support completing the chronologies, please "
              "contact {{ contact }}.")
    signature(doc, "Yours sincerely,")
    para(doc, "Enc:")
    bullets(doc, ["Chronology Templates – Key Events and Organisational Changes"])
    return doc


def practitioner_invitation():
    doc = new_document()
    letterhead(doc, recipient=False)
    para(doc, "Dear Colleague,")
    doc.add_heading("Reflective practitioner session", level=2)
    para(doc, f"We are undertaking a local Child Safeguarding Practice Review regarding {{{{ child_name }}}}{BORN}. "
              "The purpose of the review is to identify improvements to current safeguarding arrangements to "
              "prevent, or reduce the chance of, similar incidents in the future.")
    para(doc, "We recognise that first-hand experience from those working with the child and their family is "
              "essential to ensure we have a full understanding. All professionals who have had direct involvement "
              "with the child and/or family are, therefore, being invited to attend a Reflective Practitioner "
              "Session. This has been arranged for:")
    para(doc, "{{ session|day_date }}", bold=True)
    para(doc, "This will be an opportunity for professionals from different agencies to discuss why things "
              "happened, or did not happen, and what could be done differently in a respectful, positive and "
              "supportive environment. As a professional involved in the case it is important that you attend. If "
              "you are unable to attend for any reason, please can you nominate a representative from your agency "
              "and inform us of who this is going to be.")
    para(doc, "Please see attached briefing, which explains more about the purpose and structure of the session. "
              "However, if you have any questions or concerns, please do not hesitate to contact {{ contact }}.")
    signature(doc, "Kind regards,")
    return doc


def terms_of_reference():
    doc = new_document()
    doc.add_heading("Terms of Reference for a Child Safeguarding Practice Review", level=1)
    para(doc, "{{ review_title }}", bold=True)
    para(doc, "{{ partnership.name }}, agreed {{ letter_date|long_date }}")
    doc.add_heading("Overview", level=2)
    para(doc, "{{ summary }}")
    para(doc, "On {{ decision|long_date }} the Safeguarding Partners decided to hold a local Child Safeguarding "
              "Practice Review following the {% if died %}death of{% else %}serious injury to{% endif %} "
              "{{ child_public_name }} on {{ incident|long_date }}.")
    doc.add_heading("Purpose and Principles", level=2)
    para(doc, "The purpose of a Local Child Safeguarding Practice Review is to identify improvements that can be "
              "made to safeguard and promote the welfare of children. The child will be placed at the centre of "
              "the process. The review will be proportionate to the circumstances of the case, focus on the "
              "potential learning, and be conducted in a way which:")
    bullets(doc, ["reflects the child's perspective and family context;",
                  "considers and analyses frontline practice as well as organisational structures and learning;",
                  "establishes the reasons why events occurred as they did;",
                  "identifies clear learning that will improve outcomes for children."])
    para(doc, "Practitioners will be fully involved in the review and invited to contribute their perspectives "
              "without fear of being blamed for actions they took in good faith.")
    doc.add_heading("Process", level=2)
    para(doc, "The Practice Review Group of {{ partnership.name }} commissions and oversees the review, including "
              "monitoring its progress, quality assurance and publication of the final report. The review should be "
              "completed no later than six months from the decision to hold it, that is by "
              "{{ completion_due|long_date }}. All participants in the review process will be asked to declare any "
              "potential conflicts of interest and will be expected to sign, and adhere to, a confidentiality "
              "agreement.")
    doc.add_heading("Methodology", level=2)
    para(doc, "The review will follow the principles of the systems methodology recommended by the Munro review: "
              "it will look at and analyse frontline practice as well as organisational structures and learning, "
              "and reflect both the child's perspective and the family context. Information will be collected "
              "and collated through:")
    bullets(doc, ["a chronology of each agency's involvement with the child and family"
                  "{% if deadline %}, to be returned by {{ deadline|long_date }}{% endif %};",
                  "a chronology of organisational changes which may have impacted on frontline practice during the "
                  "same period;",
                  "a reflective practitioner session for the front-line workers and supervisors involved"
                  "{% if session %}, on {{ session|long_date }}{% endif %}."])
    doc.add_heading("Lead Reviewer", level=2)
    loop(doc, "for r in reviewers", "{{ r.name }}, {{ r.title }}")
    doc.add_heading("Key Lines of Enquiry", level=2)
    loop(doc, "for k in lines_of_enquiry", "{{ k.text }}", style="List Number")
    doc.add_heading("Timeframe for review", level=2)
    para(doc, "The review will consider the period from {{ period_start|long_date }} to {{ period_end|long_date }}.")
    doc.add_heading("Family involvement in the review", level=2)
    para(doc, "Family members, including surviving children, will be informed of the review and invited to "
              "contribute unless there is a strong reason not to do so. The Lead Reviewer will write to:")
    loop(doc, "for role in family_roles", "{{ role }}")
    doc.add_heading("Relevant Agencies", level=2)
    loop(doc, "for a in agencies", "{{ a.name }}")
    doc.add_heading("Anticipated timing of key steps in the Review process", level=2)
    table = doc.add_table(rows=4, cols=2)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Step", "By")):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for s in steps %}")
    table.rows[2].cells[0].paragraphs[0].add_run("{{ s.what }}")
    table.rows[2].cells[1].paragraphs[0].add_run("{{ s.when|long_date }}")
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    return doc


def covering_letter():
    doc = new_document()
    letterhead(doc)
    para(doc, "Dear Colleagues,")
    para(doc, "{{ review_title }}", bold=True)
    para(doc, "Please find enclosed the report of the {{ review_title }}, which {{ partnership.name }} plans to "
              "publish on {{ publication|long_date }}. We are sending a copy of the full report to the National "
              "Panel, Ofsted and the Secretary of State no later than seven working days before the date of "
              "publication, as Working Together to Safeguard Children 2023 requires.")
    para(doc, "The review was led by {{ reviewer_names }}. It considered the period from {{ period_start|long_date }} "
              "to {{ period_end|long_date }}.")
    para(doc, "Once published, the report will be available to read and download from {{ partnership.website }} "
              "for at least one year, and it will be submitted for inclusion in the NSPCC National Repository of "
              "safeguarding case reviews.")
    para(doc, "If you have any questions about the review or its publication, please contact {{ contact }}.")
    signature(doc, "Yours faithfully,")
    return doc


TEMPLATES = {
    "family-letter.docx": family_letter,
    "chronology-request.docx": chronology_request,
    "practitioner-invitation.docx": practitioner_invitation,
    "terms-of-reference.docx": terms_of_reference,
    "covering-letter.docx": covering_letter,
}

if __name__ == "__main__":
    for name, build in TEMPLATES.items():
        build().save(HERE / name)
        print(f"wrote {HERE / name}")
