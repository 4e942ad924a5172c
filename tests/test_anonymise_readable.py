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
def test_a_name_the_sentence_talks_about_is_a_finding_showing_its_replacement(text, value, example_register,
                                                                             example_allowlist, analyzer):
    outcome = anonymise(text, example_register, example_allowlist, analyzer)
    [finding] = [f for f in outcome.findings if f.entity == REGISTER_NAME_AS_WORD]
    assert finding.text == value and finding.status == "pending"
    assert finding.proposed in ("Child W", "Mr C", "Mother", "February 2018") and finding.proposed in finding.after


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
