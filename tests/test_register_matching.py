"""The register finds every value in every supported form, with grammar kept, and leaves traps alone."""
import pytest


@pytest.fixture
def register(example_register):
    return example_register


def replaced(register, text):
    out, last = [], 0
    for m in register.find(text):
        out += [text[last:m.start], m.replacement or "<?>"]
        last = m.end
    return "".join(out + [text[last:]])


FORMS = [
    ("Shannon Hartnell said", "Mother said"),
    ("SHANNON HARTNELL said", "Mother said"),
    ("shannon hartnell said", "Mother said"),
    ("Shannon's partner", "Mother's partner"),
    ("Shannon\u2019s partner", "Mother\u2019s partner"),
    ("Ms Pryce and Shannon", "Mother and Mother"),
    ("Shannon\nHartnell said", "Mother said"),
    ("Shan-\nnon Hartnell said", "Mother said"),
    ("Shannon Hart-\nnell said", "Mother said"),
    ("Shanon Hartnell said", "Mother said"),
    ("Shannon Hartnel said", "Mother said"),
    ("Shanon said", "Mother said"),
    ("Mr Corrigan arrived", "Mr C arrived"),
    ("Deano arrived", "Mr C arrived"),
    ("Dean Corrigan-Bell arrived", "Mr C arrived"),
    ("Willow-Mae went", "Child W went"),
    ("Willow Mae Hartnell went", "Child W went"),
    ("Wills went", "Child W went"),
    ("S.H. and W. H. met", "Mother and Child W met"),
    ("W. Hartnell attended", "Child W attended"),
    ("M Hartnell came", "Maternal Grandmother came"),
    ("S. Pryce rang", "Mother rang"),
    ("Hartnell, Willow was seen", "Child W was seen"),
    ("Nanna Mo came", "Maternal Grandmother came"),
    ("Liam Price came", "Father came"),
    ("born 14/02/2018.", "born [date of birth withheld]."),
    ("born 14.2.18.", "born [date of birth withheld]."),
    ("born 14th February 2018.", "born [date of birth withheld]."),
    ("born Feb 14 2018.", "born [date of birth withheld]."),
    ("born 2018-02-14.", "born [date of birth withheld]."),
    ("lived at 14 Larkspur Close.", "lived at the family home."),
    ("lived on Larkspur Close.", "lived on the family home."),
    ("lived at 14 Larkspur Cl.", "lived at the family home."),
    ("lived on Larkspur Cl, Northbrook", "lived on the family home, Northbrook"),
    ("postcode NB4 7QT.", "postcode the family home."),
    ("postcode nb47qt.", "postcode the family home."),
    ("14 Larkspur Close, Northbrook, NB4 7QT.", "Mother's address."),
    ("at St Aldhelm\u2019s Primary", "at the child's primary school"),
    ("at St Aldhelms", "at the child's primary school"),
    ("St Aldhelm's C of E Primary School said", "The child's primary school said"),
    ("rang 07700 900123", "rang a mobile number"),
    ("rang 07700900123", "rang a mobile number"),
    ("rang +44 7700 900123", "rang a mobile number"),
    ("rang +44 (0)7700 900 123", "rang a mobile number"),
    ("NHS 9997654323", "NHS the child's NHS number"),
    ("NHS 999-765-4323", "NHS the child's NHS number"),
    ("NI QQ123456C", "NI a National Insurance number"),
    ("car nb19xkd", "car a vehicle"),
    ("ref NB/24/009873", "ref a crime reference"),
    ("email Shaz.H95@example.co.uk", "email an email address"),
    ("as @deano_c90 and instagram.com/deano_c90", "as a social media account and a social media account"),
    ("moved to Eastbury", "moved to a nearby town"),
    ("she was 'Willow' at home", "she was 'Child W' at home"),  # a quotation mark is no letter
    ("she was \u2018Willow\u2019 at home", "she was \u2018Child W\u2019 at home"),
    ("on 2018-02-14 Larkspur Close was", "on [date of birth withheld] the family home was"),
]


@pytest.mark.parametrize("text, expected", FORMS)
def test_register_replaces_every_form(register, text, expected):
    assert replaced(register, text) == expected


TRAPS = [
    "Child W and Mother met Mr C.",
    "Section 47 enquiries and Working Together 2023.",
    "The Northbrook Safeguarding Children Partnership.",
    "In March 2024 the MASH met.",
    "The pillow was on the bed.",
    "The DC and MH team and the GP.",
]


@pytest.mark.parametrize("text", TRAPS)
def test_register_leaves_traps_alone(register, text):
    assert register.find(text) == []


def test_shared_surname_resolves_by_context_or_stays_ambiguous(register):
    resolved = register.find("Maureen visited. Mrs Hartnell said she was worried.")
    assert [m.replacement for m in resolved] == ["Maternal Grandmother", "Maternal Grandmother"]
    ambiguous = register.find("Willow and Shannon were seen. Ms Hartnell said nothing.")
    assert ambiguous[-1].ambiguous and ambiguous[-1].text == "Ms Hartnell"
    no_one = register.find("J. Hartnell rang.")  # no one in the register has that initial
    assert no_one[-1].ambiguous and no_one[-1].text == "Hartnell"


@pytest.mark.parametrize("text, replacement", [("Ms Pryce rang.", "Mother"), ("Miss Pryce rang.", "Mother"),
                                               ("Mr Pryce rang.", "Father")])
def test_a_title_decides_between_a_woman_and_a_man_who_share_a_surname(register, text, replacement):
    assert [m.replacement for m in register.find(text)] == [replacement]


def test_a_title_leaves_those_it_could_name_to_decide(register):
    [match] = register.find("Mr Hartnell rang.")  # Child W and Sibling: the register gives no gender for either
    assert match.ambiguous and set(match.owners) == {"child", "sibling"}


NEAR_TEXTS = [
    "Mrs Shannon Hartnell met Mr Hartnell; Hartnell Hartnell and Shannon-Hartnell, Shannon's and SHANNON's.",
    "Mrs\nShannon Hartnell, then Master Hartnell and Dr.  Hartnell at 14 Larkspur Close and Larkspur Close.",
    "St Aldhelm's Primary, St. Aldhelms, st aldhelm\u2019s and Little Acorns Nursery; Willow-Mae, Willow Mae Hartnell.",
    "no register value here at all, only hartnel and shan",
]


@pytest.mark.parametrize("text", NEAR_TEXTS)
def test_searching_near_the_needles_finds_what_a_full_scan_finds(register, text):
    """`near` is only a shortcut: for every phrase variant it yields exactly the matches finditer yields."""
    import re

    from redaction.normalise import normalise
    from redaction.register import near

    norm = normalise(text * 3).text
    for regex, variant in register._compiled:
        if variant.longest:
            hits = [m.start() for m in re.finditer(re.escape(variant.needles[0]), norm, re.IGNORECASE)]
            assert [m.span() for m in near(regex, norm, hits, variant.longest)] == \
                   [m.span() for m in regex.finditer(norm)], variant.pattern


def test_a_title_that_fits_no_one_decides_nothing():
    from redaction.register import Person, Register

    sisters = Register([Person("a", "Ann Smith", "Mother", gender="female"),
                        Person("b", "Beth Smith", "Aunt", gender="female")])
    [match] = sisters.find("Mr Smith rang.")
    assert match.ambiguous and set(match.owners) == {"a", "b"}
