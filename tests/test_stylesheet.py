from pathlib import Path

CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "consult.css"


def test_every_block_of_the_stylesheet_is_closed():
    """An unclosed brace silently swallows every rule after it (merges are prone to it)."""
    depth = 0
    for number, line in enumerate(CSS.read_text().splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"line {number} closes a block that was never opened"
    assert depth == 0, "a block of the stylesheet is never closed"
