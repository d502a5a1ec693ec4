"""The catalogues are complete and compiled: the check to run after adding any string.

When one of these fails, its message lists the strings concerned. The fix is always:
``make translations`` (extract, update the .po files, compile), translate every empty
``msgstr`` in ``consult/translations/<locale>/LC_MESSAGES/messages.po``, then
``make translations`` again, and commit the .pot, .po and .mo files.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
I18N_DIR = ROOT / "consult" / "translations"
TRANSLATED_LOCALES = ("fr", "es")
# The same keywords as the Makefile's `translations` target.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifr%])")
HOW_TO_FIX = ("run `make translations`, fill in the empty msgstr in consult/translations/{locale}/LC_MESSAGES/"
              "messages.po, run `make translations` again and commit the .pot, .po and .mo files")


def source_msgids() -> set:
    """Every string marked for translation in the code and templates, extracted now."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    ids = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS,
        directory_filter=lambda path: not Path(path).name.startswith(".") and Path(path).name != "node_modules",
    ):
        ids.add(message if isinstance(message, str) else tuple(message))
    ids.discard("")
    return ids


def read_catalogue(path: Path, locale: str | None = None):
    with open(path, "rb") as f:
        return read_po(f, locale=locale)


def template_msgids() -> set:
    return {m.id for m in read_catalogue(I18N_DIR / "messages.pot") if m.id}


def placeholders(text: str) -> set[str]:
    return {name or kind for name, kind in PLACEHOLDER.findall(text) if kind != "%"}


def key(value):
    return value if isinstance(value, str) else tuple(value)


def show(msgid) -> str:
    return " | ".join(msgid) if isinstance(msgid, tuple) else msgid


def test_the_template_catalogue_holds_every_string_of_the_code():
    in_code, in_pot = source_msgids(), template_msgids()
    new = sorted(map(show, in_code - in_pot))
    gone = sorted(map(show, in_pot - in_code))
    assert not new and not gone, (
        f"consult/translations/messages.pot is out of date ({HOW_TO_FIX.format(locale='<locale>')}).\n"
        + "".join(f"  not extracted yet: {m!r}\n" for m in new)
        + "".join(f"  no longer in the code: {m!r}\n" for m in gone)
    )


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_every_string_is_translated(locale):
    catalogue = read_catalogue(I18N_DIR / locale / "LC_MESSAGES" / "messages.po", locale)
    problems = []
    for msgid in sorted(template_msgids(), key=show):
        message = catalogue.get(msgid)
        forms = () if message is None else (message.string,) if isinstance(message.string, str) else message.string
        if message is None or not forms or not all(forms):
            problems.append(f"  untranslated: {show(msgid)!r}")
        elif message.fuzzy:
            problems.append(f"  fuzzy (check the translation, then remove the fuzzy flag): {show(msgid)!r}")
        elif isinstance(message.id, tuple) and len(forms) != catalogue.num_plurals:
            problems.append(f"  needs {catalogue.num_plurals} plural forms: {show(msgid)!r}")
    assert not problems, f"{locale}: {len(problems)} strings need work ({HOW_TO_FIX.format(locale=locale)}):\n" + "\n".join(problems)


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_translations_keep_every_placeholder(locale):
    catalogue = read_catalogue(I18N_DIR / locale / "LC_MESSAGES" / "messages.po", locale)
    problems = []
    for message in catalogue:
        if not message.id or not message.string:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set().union(*map(placeholders, sources))
        found = set().union(*map(placeholders, forms))
        # A plural form may leave the number out ("un jour"); together the forms keep them all.
        if found != wanted if len(sources) == 1 else (found - wanted or wanted - found):
            problems.append(f"  {show(message.id)!r}: expects {sorted(wanted)}, translation has {sorted(found)}")
        elif message.python_format:
            values = {name: 1 for name in wanted}
            for form in forms:
                try:
                    form % values
                except (ValueError, TypeError, KeyError) as exc:
                    problems.append(f"  {show(message.id)!r}: {form!r} cannot be formatted ({exc}); write %% for a %")
    assert not problems, f"{locale}: placeholders differ from the English:\n" + "\n".join(problems)


@pytest.mark.parametrize("locale", TRANSLATED_LOCALES)
def test_the_compiled_catalogue_matches_the_translations(locale):
    folder = I18N_DIR / locale / "LC_MESSAGES"
    assert (folder / "messages.mo").exists(), f"{locale}: messages.mo is missing: run `make translations`"
    po = {key(m.id): key(m.string) for m in read_catalogue(folder / "messages.po", locale) if m.id and not m.fuzzy}
    with open(folder / "messages.mo", "rb") as f:
        mo = {key(m.id): key(m.string) for m in read_mo(f) if m.id}
    stale = sorted(show(msgid) for msgid in po.keys() | mo.keys() if po.get(msgid) != mo.get(msgid))
    assert not stale, (f"{locale}: messages.mo is older than messages.po (run `make translations` and commit the .mo); "
                       "these differ:\n" + "\n".join(f"  {m!r}" for m in stale))
