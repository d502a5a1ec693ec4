"""The detector behind the review page's personal-data flags: a handful of examples per kind
(the figures on the labelled set are bench/personal_data_bench.py's, not a test's)."""
import pytest

from consult.moderation.personal_data import find


def found(text, regions=()):
    return [(f.kind.value, f.passage) for f in find(text, regions)]


@pytest.mark.parametrize("text, kind, passage", [
    ("Write to maria.lopez@example.org today", "email", "maria.lopez@example.org"),
    ("Courriel : jean_dupont+consult@ong-migrants.fr.", "email", "jean_dupont+consult@ong-migrants.fr"),
    ("Call +33 6 12 34 56 78 after six", "phone", "+33 6 12 34 56 78"),
    ("Llámame al +34612345678 por la tarde", "phone", "+34612345678"),
    ("IBAN FR76 3000 6000 0112 3456 7890 189 please", "iban", "FR76 3000 6000 0112 3456 7890 189"),
    ("Mi cuenta es ES9121000418450200051332.", "iban", "ES9121000418450200051332"),
    ("paid with my card 4111 1111 1111 1111.", "card", "4111 1111 1111 1111"),
    ("Tarjeta: 5555-5555-5555-4444", "card", "5555-5555-5555-4444"),
    ("The employer kept my passport number X1234567.", "passport", "X1234567"),
    ("Pasaporte n.º PAB123456", "passport", "PAB123456"),
    ("L'employeur a gardé mon passeport n° 12AB34567.", "passport", "12AB34567"),
    ("My SSN is 123-45-6789.", "national_id", "123-45-6789"),
    ("Mi DNI es 12345678Z.", "national_id", "12345678Z"),
    ("NIR : 1 85 05 78 006 084 91", "national_id", "1 85 05 78 006 084 91"),
    ("She was born on 12 March 1985 in Manila.", "birth_date", "12 March 1985"),
    ("Elle est née le 3 avril 1990 à Dakar.", "birth_date", "3 avril 1990"),
    ("Nacida el 5 de mayo de 1988 en Quito.", "birth_date", "5 de mayo de 1988"),
    ("DOB: 04/07/1979", "birth_date", "04/07/1979"),
    ("She lives at 221 Baker Street, London.", "address", "221 Baker Street"),
    ("Elle habite au 14 rue de la Paix, avec sa famille.", "address", "14 rue de la Paix"),
    ("Vive en Calle Mayor 5, en Madrid.", "address", "Calle Mayor 5"),
])
def test_each_kind_is_found_with_its_passage(text, kind, passage):
    assert (kind, passage) in found(text)


def test_a_national_phone_number_is_found_with_the_country_as_a_hint():
    assert found("Appelez-moi au 06 12 34 56 78 le soir.", ["FR"]) == [("phone", "06 12 34 56 78")]
    assert found("Appelez-moi au 06 12 34 56 78 le soir.", []) == []


@pytest.mark.parametrize("text", [
    "IBAN FR76 3000 6000 0112 3456 7890 188",      # wrong check digits
    "card 4111 1111 1111 1112",                   # fails Luhn
    "Mi DNI es 12345678A.",                       # wrong letter
    "Docket EPA-HQ-OA-2018-0259-9322 was opened on 24 April 2018.",
    "See 40 CFR Part 30 and Executive Order 12866.",
    "Passport fees rose by 12 per cent in 2019.",
])
def test_lookalikes_are_not_flagged(text):
    assert found(text) == []
