"""Regenerate the docxtpl templates of the framework's appendices in this folder from its own wording.

Appendix 2 (the referral form any agency sends to ask for a case to be considered), Appendix 3 (Rapid Review information gathering form), Appendix 4 (Rapid Review report),
Appendix 6 (review timetable) and the Practice Review Group's action plan progress report (section 10).
Run `.venv/bin/python templates/appendices/make_templates.py` after changing the wording here, then
commit the .docx files. The paragraph helpers are the letters' (templates/letters/make_templates.py),
so every Jinja tag stays in one Word run.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent
_spec = importlib.util.spec_from_file_location("letter_templates", HERE.parent / "letters" / "make_templates.py")
letters = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(letters)
para, bullets, loop = letters.para, letters.bullets, letters.loop

MARKING = "OFFICIAL-SENSITIVE"


def marked_document():
    """A new document with the marking in its header: these hold real names and stay internal."""
    doc = letters.new_document()
    doc.sections[0].header.paragraphs[0].text = MARKING
    return doc


def titled_document(title, subtitle):
    """A marked document opening with its title, the review's title and `subtitle` (whom and when it is for)."""
    doc = marked_document()
    doc.add_heading(title, level=1)
    para(doc, "{{ review_title }}", bold=True)
    para(doc, subtitle)
    return doc


def labelled_table(doc, rows):
    """Two columns: a bold label and its value (a tag, or blank for the reader to fill in)."""
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, rows):
        row.cells[0].paragraphs[0].add_run(label).bold = True
        row.cells[1].paragraphs[0].add_run(value)
    return table


def loop_table(doc, headers, loop_header, cells):
    """A table with one row per item: docxtpl's {%tr %} rows disappear when rendered."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.paragraphs[0].add_run(text).bold = True
    table.rows[1].cells[0].paragraphs[0].add_run("{%tr " + loop_header + " %}")
    for cell, text in zip(table.rows[2].cells, cells):
        cell.paragraphs[0].add_run(text)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    return table


BOX = "\u2610"  # a ballot box the referrer ticks


def ticks(doc, options, columns=2):
    """A grid of ballot boxes to tick, `columns` options to a row."""
    rows = [options[i:i + columns] for i in range(0, len(options), columns)]
    table = doc.add_table(rows=len(rows), cols=columns)
    table.style = "Table Grid"
    for row, chosen in zip(table.rows, rows):
        for cell, option in zip(row.cells, chosen):
            cell.paragraphs[0].add_run(f"{BOX} {option}")
    return table


def blank_table(doc, headers, rows=4):
    table = doc.add_table(rows=rows + 1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers):
        cell.paragraphs[0].add_run(text).bold = True
    return table


def referral_form():
    """Appendix 2, Part 1: any agency asks the partnership to consider a case for notification and review."""
    doc = marked_document()
    para(doc, "{{ partnership_name }}", bold=True, right=True)
    doc.add_heading("Consideration of Case for Review by {{ partnership_name }}", level=1)
    doc.add_heading("Part 1", level=2)
    para(doc, "\u201cThe purpose of reviews of serious child safeguarding cases, at both local and national level, is "
              "to identify improvements to be made to safeguard and promote the welfare of children.\u201d (Working "
              "Together to Safeguard Children 2023)")
    para(doc, "This referral form is to be used to request that the Safeguarding Partnership consider whether a serious "
              "incident notification may need to be made to the National Child Safeguarding Practice Review Panel, "
              "triggering the rapid review and case review process.")
    para(doc, "Please let us have as much information as is readily available at the time of the referral. If "
              "information is unavailable, do not delay in making the referral. Additional facts can be considered "
              "later on.", bold=True)
    para(doc, "Please return completed forms to {{ mailbox }}.", bold=True)
    doc.add_heading("1.1 Referral details", level=2)
    labelled_table(doc, [(label, "") for label in ("Date of notification to the partnership", "Name of referrer",
                                                   "Agency", "Address", "Tel No.", "E-mail")])
    doc.add_heading("1.2 Child's details", level=2)
    labelled_table(doc, [(label, "") for label in (
        "Child's first name", "Child's surname", "Any known aliases", "Date of birth (DD/MM/YYYY)",
        "Date of death, if applicable (DD/MM/YYYY)", "Address", "Gender", "Faith", "Disability",
        "Location of incident", "Carer at time of incident", "First language")])
    para(doc, "Ethnic origin: please tick the relevant box", bold=True)
    ticks(doc, ["White: British", "White: Irish", "Any other White background", "Mixed: Asian and White",
                "Mixed: Black African and White", "Mixed: Black Caribbean and White", "Any other mixed background",
                "Asian or Asian British: Indian", "Pakistani", "Bangladeshi", "Chinese", "Any other Asian background",
                "Black or Black British: Caribbean", "African", "Any other Black background",
                "Other ethnic group (please specify):", "Not declared"], columns=3)
    doc.add_heading("1.3 Family composition and significant others", level=2)
    blank_table(doc, ["Name", "Relationship to child", "DOB", "Address",
                      "Legal status and/or current criminal proceedings", "Ethnic origin",
                      "Is/was subject to a CP plan? Specify category of plan."])
    doc.add_heading("1.4 Agencies known to be involved with the case", level=2)
    para(doc, "Please add their name and contact details.")
    blank_table(doc, ["Name", "Agency", "Contact details", "Are they still involved?"])
    doc.add_heading("1.5 Reason for notification (more than one box may be ticked)", level=2)
    para(doc, "Please add comment specifying why this is a serious case and of local significance in terms of "
              "practice improvement.", bold=True)
    ticks(doc, [
        "When a child dies (including death by suicide) and abuse or neglect is known or suspected to be a factor in "
        "the death",
        "A child is seriously harmed and there are concerns about how organisations or professionals worked together "
        "to safeguard children",
        "A child who is cared for by the local authority has died (including cases where abuse or neglect is not "
        "known or suspected)",
        "A child in a regulated setting or service has died (including cases where abuse or neglect is not known or "
        "suspected)",
        "A child has died in police custody, or remand or following sentencing, in a Young Offenders Institution, in "
        "a secure training centre or a secure children's home",
        "A child has died who was detained under the Mental Health Act 1983 or where a child was the subject of a "
        "deprivation of liberty order under the Mental Capacity Act 2005",
        "There was clear evidence of a risk of significant harm to a child that was not recognised by organisations "
        "or individuals in contact with the child or perpetrator, or not shared with others or not acted on "
        "appropriately",
        "The case indicates that there may be failings in one or more aspects of the local operation of formal "
        "safeguarding children procedures, which go beyond the handling of the specific case",
        "The child concerned was the subject of a child protection plan, or had previously been the subject of a plan "
        "or on the child protection register",
        "There are indications that the circumstances of the case may have national implications for systems or "
        "processes or there are significant public interest or community issues",
        "Other reason (please specify):"], columns=1)
    labelled_table(doc, [("Comment", "")])
    doc.add_heading("1.6 Characteristics of case", level=2)
    ticks(doc, ["Domestic abuse", "Alcohol abuse", "Drug abuse", "Parental mental health", "Fabricated illness",
                "Shaken baby syndrome", "Sexual abuse", "Parent in care", "More than one child abused",
                "Child of teenage pregnancy", "Parent is care leaver", "Serious illness", "Emotional abuse",
                "Recent neglect", "Long standing neglect", "Physical abuse", "Other features (please specify):"],
          columns=3)
    para(doc, "")
    status = blank_table(doc, ["Is the child subject to:", "Yes", "No", "Has been", "Don't know"], rows=4)
    for row, plan in zip(status.rows[1:], ("Child Protection Plan?", "CIN", "TAC", "LAC")):
        row.cells[0].paragraphs[0].add_run(plan)
    para(doc, "")
    labelled_table(doc, [(question, f"{BOX} Yes   {BOX} No   {BOX} Don't know") for question in (
        "Are any siblings subject to a child protection plan?", "Have criminal proceedings been instigated?",
        "Has there been a conviction?")])
    doc.add_heading("1.7 Summary of events", level=2)
    para(doc, "Please refer to Chapter 5 of Working Together to Safeguard Children 2023: this is to help establish if "
              "the case meets the serious incident notification criteria and does not need to be a detailed analysis "
              "of involvement at this stage.")
    labelled_table(doc, [(question, "") for question in (
        "Please outline events and circumstances which triggered this referral.",
        "Why you think this meets the criteria for a case review and reason for concern? Please include your "
        "reflection on how partners worked together.",
        "What worked well?", "What are you worried about?",
        "What you think are some of the key issues and what you think needs looking at in the review?",
        "Is there any additional information you think may be relevant and assist decision making?",
        "Signature", "Date")])
    para(doc, "Please return completed forms to {{ mailbox }}.", bold=True)
    doc.add_heading("Top tips for referrers", level=2)
    for title, text in (
            ("Single agency agreement", "Where an agency has identified a possible referral, the case should first be "
             "considered internally within the organisation at the appropriate level, but with due consideration to "
             "timescales."),
            ("Consult key workers", "The referrer is expected to talk to any allocated social worker or other key "
             "worker to alert them to the intention to refer and gather their views."),
            ("Discuss with child / family as appropriate", "It is good practice to involve parents and children "
             "(subject to age and understanding) in a meaningful way. Please give your views on how they should be "
             "involved and who should facilitate it; if involvement is not in the child's best interests, say why."),
            ("Completing the form", "Please complete Part 1 with as much information as is known at the time. If "
             "information is not available, do not delay sending the referral: it can be given later.")):
        letters.bold_bullet(doc, title, text)
    return doc


def information_form():
    """Appendix 3: sent to each agency within 2 working days of the notification."""
    doc = marked_document()
    para(doc, "{{ partnership.name }}", bold=True, right=True)
    doc.add_heading("CSPR Consideration/Rapid Review Part 2 - Information Gathering", level=1)
    para(doc, "To: {{ agency.contact_role }}, {{ agency.name }}", bold=True)
    para(doc, "This form is to request information from agencies when a serious incident notification has been made "
              "to the National Child Safeguarding Practice Review Panel and where this has triggered the Rapid "
              "Review process and consideration of a CSPR. The notification was made on {{ notification|long_date }}.")
    para(doc, "The role of the Practice Review Group and review panel is to coordinate Rapid Reviews and consider "
              "referrals for child safeguarding practice reviews on behalf of the statutory partners.")
    doc.add_heading("Definition of a serious child safeguarding case", level=2)
    para(doc, "Serious child safeguarding cases are those in which:")
    bullets(doc, ["abuse or neglect of a child is known or suspected", "the child has died or been seriously harmed"])
    para(doc, "Please let us have as much information that is readily available at the time of the request. If "
              "information is unavailable, do not delay in making the response. Additional facts can be made "
              "available later.", bold=True)
    para(doc, "Please return the completed form to {{ partnership.mailbox }} by {{ forms_due|day_date }}.", bold=True)
    doc.add_heading("Details of child", level=2)
    labelled_table(doc, [("Child's First Name:", "{{ child_first_name }}"), ("Child's Surname:", "{{ child_surname }}"),
                         ("Any Known Aliases:", "{{ child_aliases }}"), ("Date of birth:", "{{ child_dob }}"),
                         ("Date of death:", "{{ date_of_death }}"), ("Address:", "{{ child_address }}"),
                         ("Gender:", "{{ child_sex }}"), ("Ethnicity:", "{{ child_ethnicity }}")])
    doc.add_heading("Your details", level=2)
    labelled_table(doc, [("Name", ""), ("Agency", "{{ agency.name }}"), ("Address", ""), ("Tel No:", ""),
                         ("Email", ""), ("Date", ""), ("Signed", "")])
    doc.add_heading("Organisational involvement", level=2)
    para(doc, "Please provide any relevant background information from {{ information_from|long_date }} on your "
              "organisation's involvement with the child/family. Please provide any information prior to this date "
              "if you feel it is relevant.")
    labelled_table(doc, [("Involvement", "")])
    doc.add_heading("Analysis & Reflections", level=2)
    para(doc, "Please provide analysis/reflections on your organisation's involvement with the child/ren and their "
              "family, carers or relatives. Please consider the following:")
    labelled_table(doc, [(question, "") for question in (
        "Areas of strength shown by your agency when working with this family:",
        "Areas for improvement / potential learning for your agency when working to keep this child/ren safe:",
        "Any key areas of learning and actions that you would now recommend for your agency:",
        "Any key area of learning and actions that you would recommend for partner agencies?",
        "Child's voice: Is it recorded if so, what does it tell you?",
        ("Were colleagues curious about the family's past history & current circumstances in a way that was beyond "
         "reliance on self-reported information?"),
        "Information sharing: was it timely and effective?",
        "The impact of culture, race and ethnicity:",
        "Any further comments?")])
    para(doc, "(Please continue on a separate sheet if necessary)")
    return doc


def rapid_review_report():
    """Appendix 4: the Rapid Review, sent to the National Panel by working day 15."""
    doc = marked_document()
    para(doc, "{{ partnership.name }}", bold=True, right=True)
    doc.add_heading("Rapid Review Template", level=1)
    labelled_table(doc, [
        ("Purpose of the Rapid Review", (
            "In line with Working Together to Safeguard Children 2023, the aim of this Rapid Review is to enable "
            "Safeguarding Partners to gather the facts about the case, as far as can be readily established; discuss "
            "whether any immediate action is needed to ensure children's safety and share any learning appropriately; "
            "consider the potential for identifying improvements to safeguard and promote the welfare of children; "
            "and decide what steps to take next.")),
        ("Agency who notified the Safeguarding Partnership", "{{ notified_by }}"),
        ("Date of three Statutory Partner meeting", "{{ meeting }}"),
        ("Date of notification to the National Panel", "{{ notification|long_date }}"),
        ("Due to the National Panel (15 working days)", "{{ report_due|day_date }}")])
    doc.add_heading("1. Details of Child, Family Members and Significant Others", level=2)
    labelled_table(doc, [("Name of Child", "{{ child_name }}"), ("Date of Birth", "{{ child_dob }}"),
                         ("Sex", "{{ child_sex }}"), ("Ethnic Origin", "{{ child_ethnicity }}"),
                         ("Address", "{{ child_address }}"), ("Date of Rapid Review", "{{ meeting }}")])
    para(doc, "")
    loop_table(doc, ["Name and Address", "Relationship to Child", "Date of Birth", "Legal Status", "Ethnic Origin"],
               "for p in family", ["{{ p.name_address }}", "{{ p.role }}", "{{ p.dob }}", "", ""])
    doc.add_heading("2. List of Participants in Rapid Review", level=2)
    loop_table(doc, ["Name", "Role", "Agency"], "for p in participants", ["{{ p.name }}", "{{ p.role }}", "{{ p.agency }}"])
    para(doc, "{{ quorum }}")
    doc.add_heading("3. Summary of Serious Incident", level=2)
    para(doc, "{{ rr.incident_summary }}")
    doc.add_heading("4. Consideration of Case, Criteria and Guidance", level=2)
    doc.add_heading("Has any immediate action been taken to ensure child and siblings (if relevant) are safe?", level=3)
    para(doc, "{{ rr.immediate_action }}")
    doc.add_heading("Has any immediate learning been identified?", level=3)
    para(doc, "{{ rr.immediate_learning }}")
    doc.add_heading("Has legal advice been sought?", level=3)
    para(doc, "{{ rr.legal_advice }}")
    doc.add_heading("5. Record of Rapid Review discussion", level=2)
    para(doc, "{{ rr.discussion }}")
    doc.add_heading("6. Local Decision", level=2)
    para(doc, "Those present at the Rapid Review have reviewed the information from the Rapid Review and have agreed "
              "that the case has the potential to meet the following criteria:")
    loop_table(doc, ["Criterion", "YES / NO"], "for c in criteria", ["{{ c.text }}", "{{ c.answer }}"])
    doc.add_heading("7. Recommendation", level=2)
    para(doc, "After completing this Rapid Review it has been agreed that this case:")
    loop_table(doc, ["Outcome", "YES / NO"], "for o in outcomes", ["{{ o.text }}", "{{ o.answer }}"])
    doc.add_heading("Rationale for Recommendations", level=3)
    para(doc, "{{ rr.rationale }}")
    doc.add_heading("8. Good Practice Identified", level=2)
    loop_table(doc, ["Agency", "Evidence of Good Practice"], "for g in good_practice", ["{{ g.agency }}", "{{ g.text }}"])
    doc.add_heading("9. Learning & Actions Identified", level=2)
    loop_table(doc, ["Agency", "Learning & Recommendations", "Actions"], "for l in learning",
               ["{{ l.agency }}", "{{ l.learning }}", "{{ l.actions }}"])
    para(doc, "Actions from the Rapid Review will be progressed and monitored via {{ partnership.name }}'s Practice "
              "Review Group. Learning identified will be disseminated across the partnership via Practice Review "
              "Group members who represent the partner agencies involved in the review.")
    para(doc, "Date this form submitted to the National Panel: {{ submitted }}")
    return doc


def review_timetable():
    """Appendix 6: the agreed timescales for each stage of the review."""
    doc = titled_document("Review Timetable", "{{ partnership.name }}, as at {{ as_at|long_date }}")
    para(doc, "The timetable for the review, agreed at the outset: the timing of the Rapid Review, panel meetings, "
              "learning events and engagement with families. Dates worked out by lcspr say how they were set.")
    loop_table(doc, ["Stage", "Date", "How the date is set", "Done"], "for m in milestones",
               ["{{ m.what }}", "{{ m.when|day_date }}", "{{ m.rule }}", "{{ m.done }}"])
    return doc


def progress_report():
    """Section 10: the Practice Review Group's one-page view of the action plan."""
    doc = titled_document("Action Plan Progress Report",
                          "For the Practice Review Group of {{ partnership.name }}, {{ as_at|long_date }}")
    para(doc, "{{ summary }}", bold=True)
    loop_table(doc, ["Ref", "Recommendation", "Lead", "Due", "RAG", "Latest progress"], "for r in rows",
               ["{{ r.ref }}", "{{ r.text }}", "{{ r.owner }}", "{{ r.due }}", "{{ r.state }}", "{{ r.notes }}"])
    para(doc, "{% if removed %}No longer in the review's recommendations (kept in the plan): {{ removed }}{% endif %}")
    para(doc, "From the action plan, {{ plan_name }}, as filled in by the agencies.")
    return doc


TEMPLATES = {
    "referral-form.docx": referral_form,
    "rapid-review-information-form.docx": information_form,
    "rapid-review-report.docx": rapid_review_report,
    "review-timetable.docx": review_timetable,
    "action-plan-progress.docx": progress_report,
}

if __name__ == "__main__":
    letters.write_all(TEMPLATES, HERE)
