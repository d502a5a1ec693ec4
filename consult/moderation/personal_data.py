"""Likely personal data in a piece of text, for the moderator to look at before publishing.

Pure text in, findings out: no database, no request. Phone numbers are found by
``phonenumbers`` (Google's libphonenumber), which knows each country's national formats;
the other kinds are patterns confirmed by a checksum where the kind has one (IBAN mod-97,
card numbers Luhn, Spanish DNI/NIE letter, French NIR key) or by a nearby keyword
(passport, date of birth). Names of private persons are not looked for: no entity model
installable from the package registries fits (see README, Moderating).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers
from flask_babel import lazy_gettext as _l

from consult.enums import LabelledEnum


class Kind(LabelledEnum):
    EMAIL = "email", _l("Email address")
    PHONE = "phone", _l("Phone number")
    IBAN = "iban", _l("Bank account (IBAN)")
    CARD = "card", _l("Payment card number")
    PASSPORT = "passport", _l("Passport number")
    NATIONAL_ID = "national_id", _l("National ID number")
    BIRTH_DATE = "birth_date", _l("Date of birth")
    ADDRESS = "address", _l("Street address")


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int
    passage: str


# --- email ---------------------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}\b")

# --- IBAN: country code, 2 check digits, 11-30 alphanumerics, in groups of 4 or not --------
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b")
_IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20,
    "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27,
    "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MA": 28, "MC": 27, "MT": 31, "NL": 18, "NO": 15,
    "PL": 28, "PT": 25, "RO": 24, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26,
    "AE": 23, "JO": 30, "QA": 29, "KW": 30, "BH": 22, "EG": 29, "PK": 24, "UA": 29, "MR": 27, "SN": 28,
}


def iban_valid(candidate: str) -> bool:
    compact = candidate.replace(" ", "").upper()
    expected = _IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    if not 15 <= len(compact) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def _ibans(text: str) -> Iterable[tuple[int, int]]:
    for match in _IBAN.finditer(text):
        candidate = match.group()
        if iban_valid(candidate):
            yield match.start(), match.end()
        elif " " in candidate and iban_valid(candidate.rsplit(" ", 1)[0]):  # a word after a compact IBAN
            yield match.start(), match.start() + len(candidate.rsplit(" ", 1)[0])


# --- payment cards: 13 to 19 digits, maybe in groups, Luhn --------------------------------
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])")


def luhn_valid(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _card_like(number: str) -> bool:
    digits = re.sub(r"\D", "", number)
    # Issuer prefixes of the networks in use (Visa, Mastercard, Amex, Discover, JCB, UnionPay, Maestro, Diners).
    return 13 <= len(digits) <= 19 and digits[0] in "23456" and len(set(digits)) > 1 and luhn_valid(digits)


# --- passports: a keyword, then a number of 6 to 9 letters and digits ----------------------
_PASSPORT = re.compile(
    r"(?i:passports?|passeports?|pasaportes?|passport\s+(?:no|number|n°|#)|pasaporte\s+(?:n[º°o]|número)"
    r"|passeport\s+(?:n[°o]|numéro))[^\S\n]*(?:(?i:no\.?|n\.?[º°o]\.?|number|numéro|número|#|:)[^\S\n]*)*[:#]?[^\S\n]*(?:(?i:is|est|es)[^\S\n]+)?"
    r"(?P<number>\b(?=[A-Z0-9]*\d)[A-Z0-9]{6,9}\b)"
)

# --- national IDs: US SSN, Spanish DNI/NIE (letter checksum), French NIR (key mod 97) -------
_SSN = re.compile(r"\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b")
_DNI = re.compile(r"\b(?P<prefix>[XYZ])?-?(?P<digits>\d{7,8})[- ]?(?P<letter>[A-Z])\b")
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_NIR = re.compile(r"\b[12][ ]?\d{2}[ ]?(?:0[1-9]|1[0-2]|[2-9]\d)[ ]?(?:\d{2}|2[AB])[ ]?\d{3}[ ]?\d{3}[ ]?(?P<key>\d{2})\b")


def dni_valid(prefix: str | None, digits: str, letter: str) -> bool:
    if prefix:
        digits = str("XYZ".index(prefix)) + digits
    elif len(digits) != 8:
        return False
    return _DNI_LETTERS[int(digits) % 23] == letter


def nir_valid(match: str) -> bool:
    compact = match.replace(" ", "")
    body, key = compact[:13], int(compact[13:])
    body = body.replace("2A", "19").replace("2B", "18")
    return 97 - int(body) % 97 == key


# --- dates of birth: a date close after a keyword ------------------------------------------
_MONTHS = (
    r"jan(?:uary|vier)?|feb(?:ruary)?|f[ée]v(?:rier)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il)?|may|mai|jun(?:e)?|juin"
    r"|jul(?:y)?|juil(?:let)?|aug(?:ust)?|ao[uû]t|sep(?:t(?:ember)?)?|sept(?:embre)?|oct(?:ober|obre)?|nov(?:ember|embre)?"
    r"|dec(?:ember)?|d[ée]c(?:embre)?|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre"
    r"|octubre|noviembre|diciembre"
)
_DATE = (
    r"(?:\d{1,2}[./-]\d{1,2}[./-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{2}-\d{2}"
    r"|\d{1,2}(?:st|nd|rd|th|er)?(?:\s+de)?\s+(?:" + _MONTHS + r")\.?(?:\s+de)?,?\s+(?:19|20)\d{2}"
    r"|(?:" + _MONTHS + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2})"
)
_BIRTH = re.compile(
    r"(?i:\bborn\b(?:\s+on)?|\bdate\s+of\s+birth|\bd\.?o\.?b\.?|\bbirth\s*date|\bn[ée]e?s?\s+le"
    r"|\bdate\s+de\s+naissance|\bnacid[oa]s?(?:\s+el)?|\bfecha\s+de\s+nacimiento)[\s:,]*(?:on\s+|el\s+|le\s+)?"
    r"(?P<date>(?i:" + _DATE + r"))"
)

# --- street addresses: a number and a street word, either order by language ----------------
_STREET_EN = r"(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|way|court|ct|place|pl|terrace|square)"
_CAP = r"[A-ZÀ-Ý][\wÀ-ÿ'’-]*"
_ADDRESS = re.compile(
    # 12 Baker Street / 1600 Pennsylvania Avenue NW
    r"\b\d{1,5}[A-Za-z]?,?\s+(?:" + _CAP + r"\s+){1,3}(?i:" + _STREET_EN + r")\b\.?"
    # 14 rue de la Paix / 3 bis avenue Victor Hugo / 5, boulevard Saint-Michel
    r"|\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|av\.|boulevard|bd|place|impasse|all[ée]e|chemin|quai|cours|route)"
    r"\s+(?:(?:de|du|des|la|le|l['’]|d['’])\s*)*" + _CAP + r"(?:[ -]" + _CAP + r")*"
    # Calle Mayor 5 / Avenida de la Constitución, 12 / C/ Alcalá 20
    r"|\b(?i:calle|c/|avenida|avda\.?|paseo|plaza|carrera|camino|carretera)\s+(?:(?:de|del|la|las|los|el)\s+)*"
    + _CAP + r"(?:\s+" + _CAP + r")*,?\s+(?:n[º°o]\.?\s*)?\d{1,4}\b"
)


def _phones(text: str, regions: Iterable[str]) -> Iterable[tuple[int, int]]:
    tried = ["ZZ", *[r.upper() for r in regions if r]]  # ZZ: only numbers written with +country code
    for region in dict.fromkeys(tried):
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            yield match.start, match.end


def find(text: str, regions: Iterable[str] = ()) -> list[Finding]:
    """Every likely piece of personal data in ``text``, in order, overlaps resolved in favour of
    the kind found first in this list: email, IBAN, national ID, card, passport, birth date,
    phone, address. ``regions`` are ISO country codes whose national phone formats to try."""
    if not text:
        return []
    spans: list[tuple[Kind, int, int]] = []
    spans += [(Kind.EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text)]
    spans += [(Kind.IBAN, start, end) for start, end in _ibans(text)]
    spans += [(Kind.NATIONAL_ID, m.start(), m.end()) for m in _SSN.finditer(text)]
    spans += [(Kind.NATIONAL_ID, m.start(), m.end()) for m in _DNI.finditer(text)
              if dni_valid(m.group("prefix"), m.group("digits"), m.group("letter"))]
    spans += [(Kind.NATIONAL_ID, m.start(), m.end()) for m in _NIR.finditer(text) if nir_valid(m.group())]
    spans += [(Kind.CARD, m.start(), m.end()) for m in _CARD.finditer(text) if _card_like(m.group())]
    spans += [(Kind.PASSPORT, m.start("number"), m.end("number")) for m in _PASSPORT.finditer(text)]
    spans += [(Kind.BIRTH_DATE, m.start("date"), m.end("date")) for m in _BIRTH.finditer(text)]
    spans += [(Kind.PHONE, start, end) for start, end in _phones(text, regions)]
    spans += [(Kind.ADDRESS, m.start(), m.end()) for m in _ADDRESS.finditer(text)]
    kept: list[tuple[Kind, int, int]] = []
    for kind, start, end in spans:
        if not any(s < end and start < e for _k, s, e in kept):
            kept.append((kind, start, end))
    return [Finding(kind, s, e, text[s:e]) for kind, s, e in sorted(kept, key=lambda k: k[1])]
