"""Automatic replacements a comms lead can publish (issue 13, item 4): said once, no stray initial,
no bracket that repeats the words before it, a date of birth by the date policy; a register value
the sentence talks about as a name, and an unknown capitalised word after a pseudonym, are findings."""
import pytest

from redaction.anonymise import NAME_AFTER_PSEUDONYM, REGISTER_NAME_AS_WORD, anonymise

READABLE = [
    ("The family moved to 14 Larkspur Close, NB4 7QT, in May.", "The family moved to the family home in May."),
    ("Maureen Hartnell, Maternal Grandmother, brought Child W to school.",
     "Maternal Grandmother brought Child W to school."),
    ("Maternal Grandmother, Maureen Hartnell, rang the school.", "Maternal Grandmother rang the school."),
    ("Later Maureen Hartnell (Maternal Grandmother) rang.", "Later Maternal Grandmother rang."),
    ("Her bag had a label written in capitals: Willow H.", "Her bag had a label written in capitals: Child W."),
    ("A label said Willow H on it.", "A label said Child W on it."),
    ("A text went to Shannon's mobile (07700 900123) and was not answered.",
     "A text went to Mother's mobile and was not answered."),
    ("Child W (born 14/02/2018) lived with Mother.", "Child W (born February 2018) lived with Mother."),
    ("Willow was born on 14th February 2018 at home.", "Child W was born in February 2018 at home."),
    ("A label said Willow H. once.", "A label said Child W once."),
]
UNCHANGED_WORDING = [  # what must not be merged or cut
    ("Shannon Hartnell and Maureen Hartnell, Maternal Grandmother's sister, met.",
     "Mother and Maternal Grandmother, Maternal Grandmother's sister, met."),
    ("Willow I think was tired.", "Child W I think was tired."),
    ("Shannon, mother of two, rang.", "Mother, mother of two, rang."),
    ("Mother rang 07700 900123 (a mobile) twice.", "Mother rang a mobile number (a mobile) twice."),
]


@pytest.mark.parametrize("text, public", READABLE + UNCHANGED_WORDING, ids=[t for t, _ in READABLE + UNCHANGED_WORDING])
def test_register_replacements_read_well(text, public, example_register, example_allowlist, analyzer):
    outcome = anonymise(text, example_register, example_allowlist, analyzer)
    assert outcome.pending == [] and outcome.public_text == public


TITLED = [
    ("Ms Shannon told the health visitor.", "Mother told the health visitor."),
    ("Later Mrs. Shannon Hartnell rang.", "Later Mother rang."),
    ("Mr Dean was at home.", "Mr C was at home."),
    ("The school spoke to Miss Willow.", "The school spoke to Child W."),
]


@pytest.mark.parametrize("text, public", TITLED, ids=[t for t, _ in TITLED])
def test_a_title_before_a_replaced_name_goes_with_it(text, public, example_register, example_allowlist, analyzer):
    outcome = anonymise(text, example_register, example_allowlist, analyzer)
    assert outcome.pending == [] and outcome.public_text == public


DAY_AND_MONTH = [  # the example's dates of birth are 14/02, 03/07, 21/11, 09/05, 30/01, 08/10
    ("On 9 May the school held a review meeting.", "On 9 May the school held a review meeting."),
    ("The strategy meeting on 14 February agreed a plan.", "The strategy meeting on 14 February agreed a plan."),
    ("Her birthday is 14 February.", "Her birthday is February 2018."),
    ("Mother (DOB 3rd July) attended.", "Mother (DOB July 1995) attended."),
]


@pytest.mark.parametrize("text, public", DAY_AND_MONTH, ids=[t for t, _ in DAY_AND_MONTH])
def test_a_day_and_month_alone_is_a_birthday_only_where_the_words_say_so(text, public, example_register,
                                                                           example_allowlist, analyzer):
    outcome = anonymise(text, example_register, example_allowlist, analyzer)
    assert outcome.pending == [] and outcome.public_text == public


def test_a_date_of_birth_follows_the_year_policy(example_register, example_allowlist, analyzer):
    outcome = anonymise("Child W was born 14/02/2018.", example_register, example_allowlist, analyzer, "year")
    assert outcome.public_text == "Child W was born 2018."


TALKED_ABOUT = [
    ("Her teachers called her Wills, and she liked it.", "Wills"),
    ('The school knew him only as "Deano" that spring.', "Deano"),
    ("He was known as Deano to the neighbours.", "Deano"),
    ("Mother said \u201cDean is back\u201d when the health visitor came.", "Dean"),
    ("Her name was misspelled as Wilow on the referral.", "Wilow"),
    ("Shaz, as she asked to be called, rang the school.", "Shaz"),
    ('The form gave her birthday as "14/02/2018" in error.', "14/02/2018"),
]
NOT_TALKED_ABOUT = [
    "Mother called Dean Corrigan on the Tuesday.",
    "Mother's friend's daughter was known to Wills from nursery.",
]


@pytest.mark.parametrize("text, value", TALKED_ABOUT, ids=[t for t, _ in TALKED_ABOUT])
def test_a_name_the_sentence_talks_about_is_a_finding_showing_its_replacement_without_proposing_it(text, value, example_register,
                                                                             example_allowlist, analyzer):
    outcome = anonymise(text, example_register, example_allowlist, analyzer)
    [finding] = [f for f in outcome.findings if f.entity == REGISTER_NAME_AS_WORD]
    assert finding.text == value and finding.status == "pending"
    shown = "February 2018" if value == "14/02/2018" else None
    assert finding.proposed == shown  # copying a pseudonym into a sentence about the name misquotes it
    assert any(wording in finding.after for wording in ("Child W", "Mr C", "Mother", "February 2018"))


@pytest.mark.parametrize("text", NOT_TALKED_ABOUT)
def test_a_name_used_as_a_name_is_replaced_automatically(text, example_register, example_allowlist, analyzer):
    outcome = anonymise(text, example_register, example_allowlist, analyzer)
    assert not [f for f in outcome.findings if f.entity == REGISTER_NAME_AS_WORD]


AFTER_PSEUDONYM = [
    ("Shannon Whitfield, as Mother was known before she married, rang.", "Mother Whitfield"),
    ("Willow Brackenbury attended nursery.", "Child W Brackenbury"),
    ("Mother Whitfield, as Mother was known before she married, rang.", "Mother Whitfield"),
    ("Later Maternal Grandmother Okafor rang.", "Maternal Grandmother Okafor"),
]
NOT_AFTER_PSEUDONYM = [
    "Shannon Hartnell Told The Health Visitor.\n\nThe health visitor was told.",
    "Mother and Dean met Maternal Grandmother.",
    "Willow. Brackenbury Road was busy, and brackenbury is a word here.",
]


@pytest.mark.parametrize("text, value", AFTER_PSEUDONYM)
def test_an_unknown_capitalised_word_after_a_pseudonym_is_a_finding(text, value, example_register, example_allowlist,
                                                                    analyzer):
    outcome = anonymise(text, example_register, example_allowlist, analyzer)
    found = [f for f in outcome.findings if value.split()[-1] in f.text]
    assert found and found[0].status == "pending", [(f.entity, f.text) for f in outcome.findings]
    if found[0].entity == NAME_AFTER_PSEUDONYM:
        assert found[0].text == value and found[0].proposed == value.rsplit(" ", 1)[0]


@pytest.mark.parametrize("text", NOT_AFTER_PSEUDONYM)
def test_known_words_after_a_pseudonym_are_no_finding(text, example_register, example_allowlist, analyzer):
    outcome = anonymise(text, example_register, example_allowlist, analyzer)
    assert not [f for f in outcome.findings if f.entity == NAME_AFTER_PSEUDONYM]


def test_no_finding_crosses_a_table_cell(example_register, example_allowlist, analyzer):
    row = ("| Date | Agency | Event |\n| --- | --- | --- |\n"
           "| 08/01/2024 | Education | Absent from oakfield primary school all week. |")
    outcome = anonymise(row, example_register, example_allowlist, analyzer)
    assert [f.text for f in outcome.findings] == ["oakfield primary school"]


@pytest.mark.parametrize("attributes", ['{width=40%}', '{width="40%" height="3cm"}', "{width='6cm' .wide}"])
def test_an_images_settings_are_not_text(attributes, example_register, example_allowlist, analyzer):
    outcome = anonymise(f"Her drawing:\n\n![A drawing of a house](images/house.png){attributes}\n",
                        example_register, example_allowlist, analyzer)
    assert [f.entity for f in outcome.findings] == ["IMAGE"]


def test_an_images_id_is_text(example_register, example_allowlist, analyzer):
    outcome = anonymise("![A drawing of a house](images/house.png){#fig-Kestrelby width=40%}\n",
                        example_register, example_allowlist, analyzer)
    assert any("Kestrelby" in f.text for f in outcome.findings if f.entity != "IMAGE")


@pytest.mark.parametrize("row", ["| 15/11/2023 | Health Visiting | Seen at home with wrisara spevwright. |",
                                 "Seen at home with wrisara spevwright."])
def test_a_name_typed_in_lower_case_is_held_word_by_word(row, example_register, example_allowlist, analyzer):
    outcome = anonymise(row, example_register, example_allowlist, analyzer)
    held = " ".join(f.text for f in outcome.findings)
    assert "wrisara" in held and "spevwright" in held


def test_a_name_several_people_share_is_a_choice_not_a_proposal(example_register, example_allowlist, analyzer):
    outcome = anonymise("The Hartnell family moved in May.", example_register, example_allowlist, analyzer)
    [finding] = outcome.findings
    assert finding.text == "Hartnell" and finding.proposed is None  # copied, "the Child W or Mother family"
    assert " or " in finding.after  # the people it may be, shown for the checker to choose
