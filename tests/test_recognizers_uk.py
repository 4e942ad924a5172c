"""Each UK recogniser: what it must find, and what it must leave alone."""
import pytest

from redaction.recognizers.uk import (DateOfBirthRecognizer, EmailPatternRecognizer, FirstNameRecognizer,
                                      NamedPlaceRecognizer,
                                      NhsNumberRecognizer, NicknameRecognizer, NiNumberRecognizer,
                                      PostcodeRecognizer, ReferenceNumberRecognizer, SocialMediaRecognizer,
                                      TitledNameRecognizer, UkPhoneRecognizer, VehicleRegistrationRecognizer)


def found(recognizer_class, text):
    recognizer = recognizer_class()
    return [text[r.start:r.end] for r in recognizer.analyze(text, [recognizer_class.ENTITY], None)
            if r.score >= 0.4]


SHOULD_MATCH = [
    (PostcodeRecognizer, "lived at NB4 7QT until", "NB4 7QT"),
    (PostcodeRecognizer, "postcode EB29LN was", "EB29LN"),
    (PostcodeRecognizer, "near SW1A 1AA", "SW1A 1AA"),
    (PostcodeRecognizer, "in M1 1AE", "M1 1AE"),
    (UkPhoneRecognizer, "rang 07700 900123 twice", "07700 900123"),
    (UkPhoneRecognizer, "rang 07700900123", "07700900123"),
    (UkPhoneRecognizer, "on +44 7700 900 123", "+44 7700 900 123"),
    (UkPhoneRecognizer, "on +44 (0)7700 900123", "+44 (0)7700 900123"),
    (UkPhoneRecognizer, "landline 01632 960 001", "01632 960 001"),
    (UkPhoneRecognizer, "call (020) 7946 0018", "(020) 7946 0018"),
    (NiNumberRecognizer, "NI number QQ 12 34 56 C", "QQ 12 34 56 C"),
    (NiNumberRecognizer, "NI AB123456D", "AB123456D"),
    (NhsNumberRecognizer, "NHS number 999 765 4323", "999 765 4323"),
    (NhsNumberRecognizer, "NHS 9991002006", "9991002006"),
    (NhsNumberRecognizer, "wrong check digit 999 765 4324 still found", "999 765 4324"),
    (NhsNumberRecognizer, "as 999-765-4323", "999-765-4323"),
    (VehicleRegistrationRecognizer, "drove NB19 XKD away", "NB19 XKD"),
    (VehicleRegistrationRecognizer, "a car, AB12CDE", "AB12CDE"),
    (VehicleRegistrationRecognizer, "old car K123 ABC", "K123 ABC"),
    (EmailPatternRecognizer, "wrote to shaz.h95@example.co.uk.", "shaz.h95@example.co.uk"),
    (EmailPatternRecognizer, "<dean+x@mail.example.com>", "dean+x@mail.example.com"),
    (SocialMediaRecognizer, "posted as @deano_c90 on", "@deano_c90"),
    (SocialMediaRecognizer, "see https://www.facebook.com/deano.c90.", "https://www.facebook.com/deano.c90"),
    (SocialMediaRecognizer, "tiktok.com/@willowmae", "tiktok.com/@willowmae"),
    (ReferenceNumberRecognizer, "crime reference NB/24/009873 was", "NB/24/009873"),
    (ReferenceNumberRecognizer, "case NB-CSC-2024-01187 opened", "NB-CSC-2024-01187"),
    (ReferenceNumberRecognizer, "file 24/0098731", "24/0098731"),
    (ReferenceNumberRecognizer, "record CR12345678", "CR12345678"),
    (DateOfBirthRecognizer, "Child W was born on 14/02/2018 in", "14/02/2018"),
    (DateOfBirthRecognizer, "DOB: 3 July 1995", "3 July 1995"),
    (DateOfBirthRecognizer, "date of birth is 21st November 1990", "21st November 1990"),
    (DateOfBirthRecognizer, "born February 2018", "February 2018"),
    (NamedPlaceRecognizer, "attended Kingfisher Medical Centre weekly", "Kingfisher Medical Centre"),
    (NamedPlaceRecognizer, "at St Aldhelm's C of E Primary School.", "St Aldhelm's C of E Primary School"),
    (NamedPlaceRecognizer, "moved to Oakfield Academy", "Oakfield Academy"),
    (NamedPlaceRecognizer, "Little Acorns Nursery said", "Little Acorns Nursery"),
    (NamedPlaceRecognizer, "seen at Northbrook General Hospital", "Northbrook General Hospital"),
    (NamedPlaceRecognizer, "admitted to Rainbow Ward", "Rainbow Ward"),
    (NamedPlaceRecognizer, "lived at 22 Orchard Row then", "22 Orchard Row"),
    (NamedPlaceRecognizer, "moved to Larkspur Close in", "Larkspur Close"),
    (NamedPlaceRecognizer, "Then Hillside Surgery wrote", "Hillside Surgery"),
    (NamedPlaceRecognizer, "lived at 14 Larkspur Cl. then", "14 Larkspur Cl"),
    (NamedPlaceRecognizer, "moved to 22 Orchard Rd last week", "22 Orchard Rd"),
    (NamedPlaceRecognizer, "a flat at 3 Maple Dr, Northbrook", "3 Maple Dr"),
    (NamedPlaceRecognizer, "on 9 High St.", "9 High St"),
    (NamedPlaceRecognizer, "near Orchard Rd.", "Orchard Rd"),
    (NamedPlaceRecognizer, "stayed in Heron Gdns for", "Heron Gdns"),
    (NamedPlaceRecognizer, "lived at 5 The Paddocks then", "5 The Paddocks"),
    (NamedPlaceRecognizer, "moved to Flat 2, Ashby House.", "Flat 2, Ashby House"),
    (NamedPlaceRecognizer, "stayed at Haven House for", "Haven House"),
    (ReferenceNumberRecognizer, "crime ref 12/34567/24 given", "12/34567/24"),
    (TitledNameRecognizer, "HV Mrs Green visited", "Mrs Green"),
    (TitledNameRecognizer, "PC 1234 Smith attended", "PC 1234 Smith"),
    (TitledNameRecognizer, "Dr Aisha Khan examined", "Dr Aisha Khan"),
    (TitledNameRecognizer, "DC O'Neill rang", "DC O'Neill"),
    (TitledNameRecognizer, "Mrs McDonald said", "Mrs McDonald"),
    (TitledNameRecognizer, "Mr J. Smith said", "Mr J. Smith"),
    (TitledNameRecognizer, "Ms. Smith-Jones wrote", "Ms. Smith-Jones"),
    (NicknameRecognizer, "known as 'Bez', visited", "Bez"),
    (NicknameRecognizer, "her friend, aka Shaz, came", "Shaz"),
    (NicknameRecognizer, "who goes by \u201cJJ\u201d now", "JJ"),
    (NicknameRecognizer, "a man nicknamed Tank", "Tank"),
    (FirstNameRecognizer, "Called Jade on 07700 900999", "Jade"),
    (FirstNameRecognizer, "Mother and Kayleigh went out", "Kayleigh"),
]

SHOULD_NOT_MATCH = [
    (PostcodeRecognizer, "Section 47 enquiry on 14/03/2025"),
    (PostcodeRecognizer, "Working Together 2023"),
    (UkPhoneRecognizer, "NHS number 999 765 4323"),
    (UkPhoneRecognizer, "on 14/03/2025 at 10:30"),
    (NiNumberRecognizer, "GB123456A is not a valid prefix"),
    (NiNumberRecognizer, "Section 47"),
    (NhsNumberRecognizer, "phone 07700 900123"),
    (NhsNumberRecognizer, "crime reference NB/24/009873"),
    (VehicleRegistrationRecognizer, "Section 47 and MASH"),
    (VehicleRegistrationRecognizer, "Working Together 2023"),
    (EmailPatternRecognizer, "the @deano_c90 account"),
    (SocialMediaRecognizer, "wrote to shaz.h95@example.co.uk"),
    (ReferenceNumberRecognizer, "on 14/03/2025 and in 2024"),
    (ReferenceNumberRecognizer, "Section 47 enquiry"),
    (DateOfBirthRecognizer, "a strategy discussion on 14/03/2025"),
    (NamedPlaceRecognizer, "the child's primary school and the Primary School"),
    (NamedPlaceRecognizer, "the Acute Hospital Trust said"),
    (NamedPlaceRecognizer, "the local hospital and the GP practice"),
    (NamedPlaceRecognizer, "Mother took Child W to school"),
    (NamedPlaceRecognizer, "Mother was seen by Dr Patel"),
    (NamedPlaceRecognizer, "Then St Aldhelm wrote"),
    (NamedPlaceRecognizer, "The Road to Recovery programme"),
    (NamedPlaceRecognizer, "aged 5 The family moved"),
    (ReferenceNumberRecognizer, "over 2019/2020/2021"),
    (TitledNameRecognizer, "Mr C and Ms H met"),
    (TitledNameRecognizer, "the PC was faulty"),
    (TitledNameRecognizer, "He was Mr C. In May 2024 police attended"),
    (TitledNameRecognizer, "it was Mr C. Her school was told"),
    (NicknameRecognizer, "known as the family home"),
    (NicknameRecognizer, "also known as a carer"),
    (FirstNameRecognizer, "She said she will come in May with Mother"),
    (FirstNameRecognizer, "a jade ring and Child W's rose-coloured coat"),
    (FirstNameRecognizer, "Jade-coloured walls"),
]


@pytest.mark.parametrize("recognizer, text, expected", SHOULD_MATCH,
                         ids=[f"{r.__name__}-{e}" for r, _, e in SHOULD_MATCH])
def test_recognizer_finds(recognizer, text, expected):
    assert expected in found(recognizer, text)


@pytest.mark.parametrize("recognizer, text", SHOULD_NOT_MATCH, ids=[f"{r.__name__}-{t[:20]}" for r, t in SHOULD_NOT_MATCH])
def test_recognizer_leaves_alone(recognizer, text):
    assert found(recognizer, text) == []


def test_nhs_check_digit_sets_the_confidence():
    recognizer = NhsNumberRecognizer()
    good, bad = (recognizer.analyze(t, [recognizer.ENTITY], None)[0].score for t in ("999 765 4323", "999 765 4324"))
    assert good > bad >= 0.4
