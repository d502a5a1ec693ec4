"""A labelled set of text with planted personal data, built deterministically from the real
public comments in ../shared/corpus/ (en) with planted sentences in en, fr and es.

    python bench/personal_data_set.py [--out bench/out/personal_data_set.json] [--n 1200]

Each item: {"text", "regions", "spans": [{"kind", "start", "end"}]}. About a sixth of the
items plant nothing (real comments only), so that precision is measured on real text too.
"""
from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

import phonenumbers

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "public-comments.jsonl"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus/public-comments.jsonl")

FIRST = ["maria", "jean", "ana", "li", "fatima", "kwame", "sofia", "pierre", "lucia", "omar", "rosa", "tomas"]
LAST = ["lopez", "dupont", "garcia", "nguyen", "haddad", "mensah", "martin", "fernandez", "silva", "diallo"]
DOMAINS = ["example.org", "mail.example.com", "ong-migrants.fr", "correo.example.es", "gmail.com", "yahoo.fr", "uni.edu"]
REGIONS = ["FR", "ES", "US", "GB", "LB", "MX", "PH", "DE", "SN", "MA"]
IBAN_SPEC = {"FR": (23, "n"), "ES": (20, "n"), "DE": (18, "n"), "GB": (18, "bank"), "BE": (12, "n"), "IT": (23, "it"), "NL": (14, "nl")}
MONTHS = {"en": ["January", "March", "May", "July", "October", "December"],
          "fr": ["janvier", "mars", "mai", "juillet", "octobre", "décembre"],
          "es": ["enero", "marzo", "mayo", "julio", "octubre", "diciembre"]}

TEMPLATES = {
    "email": {"en": ["You can reach her at {v} if needed.", "Contact: {v}", "My personal address is {v}, please keep it private."],
              "fr": ["Vous pouvez m'écrire à {v} pour plus d'informations.", "Courriel : {v}"],
              "es": ["Pueden escribirme a {v} para más información.", "Correo: {v}"]},
    "phone": {"en": ["Call Maria on {v} after 6pm.", "My phone number is {v}."],
              "fr": ["Appelez-moi au {v} le soir.", "Tél. : {v}"],
              "es": ["Llámame al {v} por la tarde.", "Teléfono: {v}"]},
    "iban": {"en": ["Please send the refund to IBAN {v}.", "My account: {v}"],
             "fr": ["Mon RIB : IBAN {v}", "Virement sur le compte {v} svp."],
             "es": ["Mi cuenta es {v}.", "Transferencia a {v}"]},
    "card": {"en": ["I paid the recruiter with my card {v}.", "Card number {v}, expiry 04/27."],
             "fr": ["J'ai payé avec la carte {v}.", "Carte bancaire : {v}"],
             "es": ["Pagué con la tarjeta {v}.", "Tarjeta: {v}"]},
    "passport": {"en": ["The employer kept my passport number {v} and my papers.", "Passport No. {v}", "my passport is {v}"],
                 "fr": ["L'employeur a gardé mon passeport n° {v}.", "Passeport : {v}"],
                 "es": ["El empleador se quedó con mi pasaporte {v}.", "Pasaporte n.º {v}", "pasaporte número {v}"]},
    "national_id": {"en": ["My SSN is {v}.", "social security number {v}"],
                    "fr": ["Mon numéro de sécurité sociale est {v}.", "NIR : {v}"],
                    "es": ["Mi DNI es {v}.", "NIE {v}"]},
    "birth_date": {"en": ["She was born on {v} in Manila.", "Date of birth: {v}", "DOB {v}"],
                   "fr": ["Elle est née le {v} à Dakar.", "Date de naissance : {v}"],
                   "es": ["Nacida el {v} en Quito.", "Fecha de nacimiento: {v}"]},
    "address": {"en": ["She lives at {v}, with four other workers.", "Send the letters to {v}."],
                "fr": ["Elle habite au {v}, avec sa famille.", "Adresse : {v}, Lyon"],
                "es": ["Vive en {v}, en Madrid.", "Dirección: {v}"]},
}


# Things that look like personal data and are not: they count against precision if flagged.
DECOYS = [
    "Docket EPA-HQ-OA-2018-0259-{k} was opened on {d} March {y}.",
    "See 40 CFR Part 30 and Executive Order 12866, page {k}.",
    "The programme cost $1,{k},000 in {y} and reached {k} households.",
    "Reference number {n} (not a card: it fails the check digit, or may not).",
    "Le rapport du {d} mars {y} compte {k} pages; voir l'article L. 8251-1 du code du travail.",
    "El informe de {y}, con {k} respuestas, se publicó el {d} de mayo de {y}.",
    "In {y}, {k} workers were born abroad according to the census.",
    "Section 3 Street Vendors Act; Route 66 and 5th Avenue are mentioned in chapter {d}.",
    "Passport fees rose by {d} per cent in {y}; passport offices handled {k} requests.",
    "ISBN 978-92-1-{k}-{d}; UN document A/68/{k}.",
]


def _digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def _email(rng, lang):
    local = rng.choice([f"{rng.choice(FIRST)}.{rng.choice(LAST)}", f"{rng.choice(FIRST)}{rng.randint(1, 99)}",
                        f"{rng.choice(FIRST)[0]}{rng.choice(LAST)}+consult", f"{rng.choice(FIRST)}_{rng.choice(LAST)}"])
    return local + "@" + rng.choice(DOMAINS), None


def _phone(rng, lang):
    region = rng.choice(REGIONS)
    example = phonenumbers.example_number_for_type(region, rng.choice([phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]))
    national = str(example.national_number)
    while True:  # vary the subscriber part, keep a valid number
        candidate = phonenumbers.parse("+" + str(example.country_code) + national[:-4] + _digits(rng, 4))
        if phonenumbers.is_valid_number(candidate):
            break
    style = rng.choice(["INTERNATIONAL", "NATIONAL", "E164", "dots"])
    if style == "dots":
        text = phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.INTERNATIONAL).replace(" ", ".").replace("-", ".")
        return text, None
    text = phonenumbers.format_number(candidate, getattr(phonenumbers.PhoneNumberFormat, style))
    return text, (region if style == "NATIONAL" else None)


def _iban(rng, lang):
    country = rng.choice(list(IBAN_SPEC))
    length, kind = IBAN_SPEC[country]
    if kind == "bank":
        bban = rng.choice(["NWBK", "BARC", "HSBC"]) + _digits(rng, length - 4)
    elif kind == "it":
        bban = rng.choice("ABCDEFGHIJ") + _digits(rng, length - 1)
    elif kind == "nl":
        bban = rng.choice(["ABNA", "INGB", "RABO"]) + _digits(rng, length - 4)
    else:
        bban = _digits(rng, length)
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    iban = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    if rng.random() < 0.6:
        iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return iban, None


def _luhn_complete(body):
    total = 0
    for i, c in enumerate(reversed(body)):
        d = int(c)
        if i % 2 == 0:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return body + str((10 - total % 10) % 10)


def _card(rng, lang):
    prefix, length = rng.choice([("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("34", 15), ("37", 15), ("6011", 16), ("35", 16)])
    number = _luhn_complete(prefix + _digits(rng, length - len(prefix) - 1))
    style = rng.choice(["space", "dash", "compact"])
    groups = [number[:4], number[4:10], number[10:]] if length == 15 else [number[i:i + 4] for i in range(0, 16, 4)]
    return {"space": " ".join(groups), "dash": "-".join(groups), "compact": number}[style], None


def _passport(rng, lang):
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return rng.choice([
        _digits(rng, 2) + rng.choice(letters) + rng.choice(letters) + _digits(rng, 5),   # France
        "".join(rng.choice(letters) for _ in range(3)) + _digits(rng, 6),               # Spain
        _digits(rng, 9),                                                                 # US, UK
        rng.choice(letters) + _digits(rng, 7),                                           # Mexico, Philippines...
        "P" + rng.choice(letters) + _digits(rng, 7),
    ]), None


def _national_id(rng, lang):
    if lang == "es":
        if rng.random() < 0.5:
            digits = _digits(rng, 8)
            return digits + "TRWAGMYFPDXBNJZSQVHLCKE"[int(digits) % 23], None
        prefix = rng.choice("XYZ")
        digits = _digits(rng, 7)
        return prefix + digits + "TRWAGMYFPDXBNJZSQVHLCKE"[int(str("XYZ".index(prefix)) + digits) % 23], None
    if lang == "fr":
        body = rng.choice("12") + f"{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}" + _digits(rng, 6)
        key = 97 - int(body) % 97
        return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}", None
    return f"{rng.randint(100, 665)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}", None


def _birth_date(rng, lang):
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1950, 2008)
    style = rng.choice(["numeric", "words", "iso"])
    if style == "numeric":
        return (f"{month}/{day}/{year}" if lang == "en" else f"{day:02d}/{month:02d}/{year}"), None
    if style == "iso":
        return f"{year}-{month:02d}-{day:02d}", None
    name = rng.choice(MONTHS[lang])
    return {"en": f"{day} {name} {year}" if rng.random() < 0.5 else f"{name} {day}, {year}",
            "fr": f"{day} {name} {year}", "es": f"{day} de {name} de {year}"}[lang], None


def _address(rng, lang):
    n = rng.randint(1, 250)
    if lang == "fr":
        return f"{n} {rng.choice(['rue', 'avenue', 'boulevard', 'impasse'])} {rng.choice(['de la Paix', 'Victor Hugo', 'des Lilas', 'du Moulin', 'Saint-Michel'])}", None
    if lang == "es":
        return f"{rng.choice(['Calle', 'Avenida', 'Paseo', 'Calle'])} {rng.choice(['Mayor', 'de Alcalá', 'de la Constitución', 'San Bernardo', 'Goya'])} {n}", None
    return f"{n} {rng.choice(['Baker', 'Oak', 'Maple Grove', 'Pennsylvania', 'King'])} {rng.choice(['Street', 'Avenue', 'Road', 'Lane', 'Drive', 'St.'])}", None


MAKERS = {"email": _email, "phone": _phone, "iban": _iban, "card": _card, "passport": _passport,
          "national_id": _national_id, "birth_date": _birth_date, "address": _address}


def corpus_sentences(limit: int = 600) -> list[str]:
    sentences = []
    with CORPUS.open(encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line)["text"]
            sentences += [s for s in re.split(r"(?<=[.!?])\s+", text) if 20 < len(s) < 400]
            if len(sentences) > limit * 10:
                break
    return sentences


def build(n: int = 1200, seed: int = 16) -> list[dict]:
    rng = random.Random(seed)
    sentences = corpus_sentences()
    kinds = list(MAKERS)
    items = []
    for i in range(n):
        before = " ".join(rng.sample(sentences, rng.randint(1, 3)))
        after = " ".join(rng.sample(sentences, rng.randint(0, 2)))
        if i % 6 == 5:
            decoy = rng.choice(DECOYS).format(n=_digits(rng, 16), d=rng.randint(1, 28), y=rng.randint(1990, 2024),
                                              k=rng.randint(1000, 99999))
            items.append({"text": before + " " + decoy + " " + after, "regions": [rng.choice(REGIONS)], "spans": []})
            continue
        kind = kinds[i % len(kinds)]
        lang = rng.choice(["en", "fr", "es"])
        value, region = MAKERS[kind](rng, lang)
        sentence = rng.choice(TEMPLATES[kind][lang])
        text = before + " " + sentence.replace("{v}", value) + " " + after
        start = len(before) + 1 + sentence.index("{v}")
        # The submission's organisation's country: the number's own when written nationally.
        regions = [region] if region else [rng.choice(REGIONS)]
        items.append({"text": text, "regions": regions, "lang": lang,
                      "spans": [{"kind": kind, "start": start, "end": start + len(value)}]})
    return items


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "bench" / "out" / "personal_data_set.json"))
    parser.add_argument("--n", type=int, default=1200)
    args = parser.parse_args()
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(build(args.n), ensure_ascii=False, indent=0), encoding="utf-8")
    print(f"wrote {args.out}")
