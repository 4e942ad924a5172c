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
LEAFLET = "Child Safeguarding Practice Reviews: Information for Parents and Carers (leaflet)"
BRIEFING = "Briefing on the Reflective Practitioner Session"
AGENDA = "Agenda for the Reflective Practitioner Session"


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


def letterhead(doc, recipient=True, marking=None):
    """The partnership's address, the marking (who may read it), the recipient and the letter's date."""
    para(doc, "{{ partnership.name }}", bold=True, right=True)
    para(doc, "{{ partnership_address }}", right=True)
    if marking:
        para(doc, marking, bold=True)
    if recipient:
        para(doc, "{{ recipient_block }}")
    para(doc, "{{ letter_date|long_date }}")


def enclosures(doc, items):
    para(doc, "Enc:")
    bullets(doc, items)


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
    letterhead(doc, marking="Private and confidential")
    para(doc, "Dear {{ greeting }},")
    para(doc, "RE: A local Child Safeguarding Practice Review about {{ child_name }}", bold=True)
    para(doc, f"Firstly, I would like to say how sorry I am about the {DIED} {{{{ child_described }}}}. "
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
    enclosures(doc, [LEAFLET])
    return doc


def chronology_request():
    doc = new_document()
    letterhead(doc, marking="OFFICIAL-SENSITIVE: personal information about a family")
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
    para(doc, "To help you search your records, these are the family members and others known to the review, "
              "with every name they may be recorded under:")
    table = doc.add_table(rows=4, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Name", "Also known as", "Date of birth", "Relationship to the child",
                                                "Address")):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for p in family %}")
    for cell, text in zip(table.rows[2].cells, ("{{ p.name }}", "{{ p.aliases }}", "{{ p.born }}", "{{ p.role }}",
                                                "{{ p.address }}")):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    para(doc, "{% if addresses %}Addresses known to the review: {{ addresses|joined }}.{% endif %}")
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
    enclosures(doc, ["Chronology Templates – Key Events and Organisational Changes"])
    return doc


def practitioner_invitation():
    doc = new_document()
    letterhead(doc, recipient=False, marking="OFFICIAL-SENSITIVE")
    para(doc, "Dear Colleague,")
    doc.add_heading("Reflective practitioner session", level=2)
    para(doc, f"We are undertaking a local Child Safeguarding Practice Review regarding {{{{ child_name }}}}{BORN}. "
              "The purpose of the review is to identify improvements to current safeguarding arrangements to "
              "prevent, or reduce the chance of, similar incidents in the future.")
    para(doc, "We recognise that first-hand experience from those working with the child and their family is "
              "essential to ensure we have a full understanding. All professionals who have had direct involvement "
              "with the child and/or family are, therefore, being invited to attend a Reflective Practitioner "
              "Session. This has been arranged for:")
    para(doc, "{{ session_when }}", bold=True)
    para(doc, "{{ session_where }}", bold=True)
    para(doc, "This will be an opportunity for professionals from different agencies to discuss why things "
              "happened, or did not happen, and what could be done differently in a respectful, positive and "
              "supportive environment. As a professional involved in the case it is important that you attend. If "
              "you are unable to attend for any reason, please can you nominate a representative from your agency "
              "and inform us of who this is going to be.")
    para(doc, "Please see the enclosed briefing and agenda, which explain more about the purpose and structure of "
              "the session. However, if you have any questions or concerns, please do not hesitate to contact "
              "{{ contact }}.")
    signature(doc, "Kind regards,")
    enclosures(doc, [BRIEFING, AGENDA])
    return doc


def bold_bullet(doc, title, text):
    paragraph = para(doc, title, bold=True, style="List Bullet")
    para(doc, text)
    return paragraph


def family_leaflet():
    """Appendix 8, enclosed with each family letter."""
    doc = new_document()
    doc.add_heading("Child Safeguarding Practice Reviews", level=1)
    doc.add_heading("Information for Parents and Carers", level=2)
    para(doc, "The Independent Lead Reviewer for your case is: {{ reviewer.name }}", bold=True)
    para(doc, "If you have any questions or want to know more contact: {{ contact }}", bold=True)
    doc.add_heading("What is a Child Safeguarding Practice Review?", level=2)
    para(doc, "The Police, Health, Council and other agencies are required to work together to keep children safe. "
              "When things go wrong (such as when a child or young person has been seriously harmed or has died as a "
              "result of possible abuse or neglect) they are required to take action to prevent similar deaths or "
              "injuries happening in the future.")
    para(doc, "To do this they usually undertake a Child Safeguarding Practice Review. This looks at how "
              "organisations worked together to provide services to the child or young person who is the focus of "
              "the review, and to their family.")
    para(doc, "The purpose of the review is to:")
    bullets(doc, ["establish whether there are any lessons that can be learned by professionals and organisations;",
                  "identify who those lessons are for; and", "plan how the lessons will be acted upon."])
    para(doc, "A Safeguarding Practice Review is not an investigation into how a child died or was seriously harmed. "
              "It is also completely separate from any investigation by the Police or the Coroner.")
    doc.add_heading("Who will carry out the Safeguarding Practice Review?", level=2)
    para(doc, "An independent Lead Reviewer has been appointed to oversee the review and produce a report that will "
              "be published. The Lead Reviewer will be supported by senior managers from organisations such as "
              "health, police, and the Council.")
    para(doc, "All the organisations who have worked with your child or family will be asked to provide information. "
              "Analysis of this information will be included in the final report.")
    para(doc, "Practitioners and managers involved in the case will also be invited to a meeting to share information "
              "and help identify how to improve services and support for children and families in the future.")
    doc.add_heading("How are parents and families involved?", level=2)
    para(doc, "We believe it is very important that family members share their experience of services and tell us "
              "whether anything could have been done differently. You are, therefore, invited to meet the Lead "
              "Reviewer to discuss any concerns you have about the services you received and to share any things "
              "that you feel helped you or your family.")
    para(doc, "When the review is complete, we will arrange to meet with you to share the learning and to provide you "
              "with a copy of the final Report.")
    para(doc, "If you want to know about any changes that come from the review, you should talk to your contact about "
              "how you can hear about these and who can keep you informed of progress.")
    doc.add_heading("How long will the review take?", level=2)
    para(doc, "All local child safeguarding practice reviews should normally be completed within six months of the "
              "decision being taken to start the review. Sometimes this timescale may be extended, but you will be "
              "kept informed if this needs to happen.")
    doc.add_heading("Publication of the report", level=2)
    para(doc, "The report will not contain any identifying details of your child or family. It will then be "
              "published on the {{ partnership.name }} website ({{ partnership.website }}) and the NSPCC website.")
    para(doc, "The report will be available to all Professionals to ensure that the lessons learned and "
              "recommendations made are put into practice.")
    return doc


def practitioner_briefing():
    """Appendix 12, enclosed with the invitation."""
    doc = new_document()
    doc.add_heading(BRIEFING, level=1)
    para(doc, "{{ session_when }}", bold=True)
    para(doc, "{{ session_where }}", bold=True)
    doc.add_heading("About the Reflective Practitioner Session", level=2)
    para(doc, "The purpose of a local Child Safeguarding Practice Review of a serious incident is to identify "
              "improvements to current safeguarding arrangements to prevent, or reduce the chance of, similar "
              "incidents in the future. It is NOT looking to attribute blame to individuals or organisations.")
    para(doc, "The Reflective practitioner session is a crucial part of the review process. This meeting provides a "
              "forum for frontline professionals and operational managers to come together in a respectful, "
              "positive and supportive environment to consider the circumstances surrounding the case and the "
              "reasons actions were taken.")
    doc.add_heading("Important Principles", level=3)
    bold_bullet(doc, "The session will provide a supportive environment that encourages reflection",
                "The meeting will be led by {{ reviewer.name }}, the independent Lead Reviewer for the case. All Lead "
                "Reviewers are expected to ensure the session provides a respectful and supportive environment and "
                "they will intervene if anyone starts discussing blame or focusing on individual practice.")
    bold_bullet(doc, "All observations and comments will be anonymous",
                "We understand that participants may feel uncertain or anxious and would like to assure you that "
                "comments made on the day will not be attributable to individuals. Any themes and comments will be "
                "anonymised in the final report.")
    bold_bullet(doc, "We will be capturing good practice as well as what needs to change",
                "While the focus of the review is to identify ways to improve safeguarding practice, the review will "
                "also be seeking to identify where practice is good and working well.")
    doc.add_heading("The Structure of the Session", level=3)
    para(doc, "The structure of the session will vary depending on the case but is likely to follow the following "
              "format:")
    bold_bullet(doc, "Considering the Factual Information",
                "The Lead Reviewer will give an overview of the key facts and events in respect of the case and "
                "participants will be asked to agree/change and discuss these. This may include querying the factual "
                "accuracy, adding to the information, or questioning it. The aim is to reach an understanding of the "
                "professional intervention and key events that the child and family experienced.")
    bold_bullet(doc, "Considering the Child's Lived Experience",
                "With this knowledge, the group will spend a short time exploring the \u201clived experience of the "
                "child/children\u201d. This enables participants to view what happened from the child's perspective.")
    bold_bullet(doc, "Identifying Key Issues and Themes",
                "The session will identify and discuss the key issues and themes. These will usually be practice "
                "issues that have emerged within the case which can be transposed into working with families more "
                "generally, and/or organisational and \u201csystems\u201d factors that shaped behaviour (such as "
                "organisational/team aims or culture and the level of resources available to deliver services).")
    bold_bullet(doc, "Identifying Learning",
                "The final part of the session will focus on identifying areas of learning for professional practice "
                "in the future. Examples of good practice will also be highlighted and included for wider "
                "dissemination in the review report.")
    doc.add_heading("Practitioner Support", level=2)
    para(doc, "Taking part in a review can be upsetting or distressing for some people. Should you feel that you need "
              "support prior to or after the session you should speak with your line manager or colleagues who will "
              "be able to offer support/signpost for support services available to you.")
    para(doc, "If you have any questions, please contact {{ contact }}.")
    return doc


def practitioner_agenda():
    """Appendix 13, enclosed with the invitation: timed from the session's start."""
    doc = new_document()
    doc.add_heading("Reflective Practitioner Session", level=1)
    para(doc, "Date / Time: {{ session_when }}")
    para(doc, "Venue: {{ session_venue }}")
    doc.add_heading("Agenda", level=2)
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("No", "Time", "Item")):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr for a in agenda %}")
    for cell, text in zip(table.rows[2].cells, ("{{ a.number }}", "{{ a.time }}", "{{ a.item }}")):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
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
    para(doc, "{% if improvements_only %}Please find enclosed the full report of the {{ review_title }} "
              "({{ report_name }}). The Safeguarding Partners have decided that it would not be appropriate to "
              "publish the report itself; on {{ publication|long_date }} {{ partnership.name }} plans to publish "
              "instead the information about the improvements to be made following the review, also enclosed "
              "({{ website_name }}).{% else %}Please find enclosed the report of the {{ review_title }}, which "
              "{{ partnership.name }} plans to publish on {{ publication|long_date }}.{% endif %} We are sending a "
              "copy of the full report to the National Panel, Ofsted and the Secretary of State no later than seven "
              "working days before the date of publication, as Working Together to Safeguard Children 2023 requires.")
    para(doc, "The review was led by {{ reviewer_names }}. It considered the period from {{ period_start|long_date }} "
              "to {{ period_end|long_date }}.")
    para(doc, "Once published, the {% if improvements_only %}improvements document{% else %}report{% endif %} will be available to read and download from {{ partnership.website }} "
              "for at least one year, and it will be submitted for inclusion in the NSPCC National Repository of "
              "safeguarding case reviews.")
    para(doc, "If you have any questions about the review or its publication, please contact {{ contact }}.")
    signature(doc, "Yours faithfully,")
    return doc


TEMPLATES = {
    "family-letter.docx": family_letter,
    "chronology-request.docx": chronology_request,
    "practitioner-invitation.docx": practitioner_invitation,
    "family-leaflet.docx": family_leaflet,
    "practitioner-briefing.docx": practitioner_briefing,
    "practitioner-agenda.docx": practitioner_agenda,
    "terms-of-reference.docx": terms_of_reference,
    "covering-letter.docx": covering_letter,
}


def write_all(templates, folder):
    """Build and save each template into `folder`, saying which files were written."""
    for name, build in templates.items():
        build().save(folder / name)
        print(f"wrote {folder / name}")


if __name__ == "__main__":
    write_all(TEMPLATES, HERE)
