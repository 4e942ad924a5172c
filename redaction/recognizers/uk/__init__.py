"""UK recognisers, one per file: postcodes, phones, NI and NHS numbers, vehicles, emails,
social media, references, dates of birth, named places, names after a title, nicknames and
common first names."""
from __future__ import annotations

from presidio_analyzer import EntityRecognizer

from .date_of_birth import DateOfBirthRecognizer
from .email import EmailPatternRecognizer
from .first_name import FirstNameRecognizer
from .named_place import NamedPlaceRecognizer
from .nickname import NicknameRecognizer
from .nhs_number import NhsNumberRecognizer
from .ni_number import NiNumberRecognizer
from .phone import UkPhoneRecognizer
from .postcode import PostcodeRecognizer
from .reference_number import ReferenceNumberRecognizer
from .social_media import SocialMediaRecognizer
from .titled_name import TitledNameRecognizer
from .vehicle_registration import VehicleRegistrationRecognizer

RECOGNIZERS = (PostcodeRecognizer, UkPhoneRecognizer, NiNumberRecognizer, NhsNumberRecognizer,
               VehicleRegistrationRecognizer, EmailPatternRecognizer, SocialMediaRecognizer,
               ReferenceNumberRecognizer, DateOfBirthRecognizer, NamedPlaceRecognizer, TitledNameRecognizer,
               NicknameRecognizer, FirstNameRecognizer)


def uk_recognizers() -> list[EntityRecognizer]:
    return [cls() for cls in RECOGNIZERS]


def uk_entities() -> list[str]:
    return list(dict.fromkeys(cls.ENTITY for cls in RECOGNIZERS))
