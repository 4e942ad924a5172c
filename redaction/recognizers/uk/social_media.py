"""Social media: @handles and profile addresses on the common platforms."""
from __future__ import annotations

import re

from presidio_analyzer import Pattern, PatternRecognizer

PLATFORMS = r"(?:facebook|fb|instagram|tiktok|twitter|x|snapchat|youtube|linkedin|threads|pinterest|twitch)"


class SocialMediaRecognizer(PatternRecognizer):
    ENTITY = "SOCIAL_MEDIA"
    HANDLE = r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?(?![\w@])"
    PROFILE = rf"(?:https?://)?(?:www\.|m\.)?{PLATFORMS}\.com/(?:in/|@)?[A-Za-z0-9_.\-]*[A-Za-z0-9_]"

    def __init__(self) -> None:
        super().__init__(supported_entity=self.ENTITY, name="social-media",
                         patterns=[Pattern("handle", self.HANDLE, 0.7), Pattern("profile", self.PROFILE, 0.8)],
                         global_regex_flags=re.MULTILINE | re.IGNORECASE)
