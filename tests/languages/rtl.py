"""An app that also offers Arabic, from a tiny catalogue compiled for the test only."""
from pathlib import Path

from babel.messages import Catalog
from babel.messages.mofile import write_mo

from consult import create_app
from consult.i18n import TRANSLATIONS_DIR

ARABIC_SKIP_LINK = "انتقل إلى المحتوى الرئيسي"


def app_with_arabic(database_url: str, tmp_path: Path):
    catalogue = Catalog(locale="ar")
    catalogue.add("Skip to main content", ARABIC_SKIP_LINK)
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as f:
        write_mo(f, catalogue)
    return create_app({
        "DATABASE_URL": database_url,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "BABEL_TRANSLATION_DIRECTORIES": f"{TRANSLATIONS_DIR};{tmp_path}",
    })
