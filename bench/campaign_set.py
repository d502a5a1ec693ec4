"""A labelled set of campaign letters, built deterministically from the real public comments
in ../shared/corpus/ by the method campaigns use, plus a held-out set of other real comments.

    python bench/campaign_set.py [--out bench/out/campaign_set.json] [--templates 25] [--largest 400]

Campaign templates and distinct comments are real comments; each template gets a
heavy-tailed number of copies (a few campaigns with hundreds of letters, many with a
handful), each copy with its own salutation and signature and, in realistic proportions,
the edits senders make: a personal opening or closing (sentences of other real comments),
a sentence dropped or added, a few typos. Items arrive shuffled.

The corpus has no labels, so the real comments are first grouped exhaustively (every pair,
exact shingle sets): the *reference groups* (67 groups: the corpus is mostly real campaigns
of one or two hundred letters each). One comment per group, its first, may become a
template (40 words or more) or a distinct comment, and only when it shares less than a fifth
of its shingles with every one already taken: sibling campaigns of one docket share whole
paragraphs, and labelling them "distinct" would be wrong (39 of the 67 qualify: 25 templates,
14 distinct comments with the defaults). Personal lines are sentences of real comments sent
to another docket than the template's. Every real comment not taken forms the held-out set,
labelled by its reference group: real senders' own edits of real campaigns.
Output: {"synthetic": [{"id", "label", "text"}], "held_out": [...]}.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from consult.campaigns import letter_text  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "public-comments.jsonl"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus/public-comments.jsonl")

FIRST = ["Maria", "John", "Ana", "Li", "Fatima", "Kwame", "Sofia", "Pierre", "Lucia", "Omar", "Rosa", "Tom",
         "Karen", "David", "Aisha", "Peter", "Mei", "Carlos", "Linda", "James"]
LAST = ["Lopez", "Smith", "Garcia", "Nguyen", "Haddad", "Mensah", "Martin", "Fernandez", "Silva", "Diallo",
        "Brown", "Johnson", "Kim", "Okafor", "Rossi"]
CITIES = ["Springfield, IL", "Austin, TX", "Portland, OR", "Denver, CO", "Madison, WI", "Tucson, AZ", "Albany, NY"]
SALUTATIONS = ["Dear Administrator Wheeler,", "Dear EPA,", "To whom it may concern:", "Dear Sir or Madam,",
               "Hello,", "Dear Administrator,", ""]
CLOSINGS = ["Sincerely,", "Thank you,", "Regards,", "Respectfully,", "Best,", ""]
SENTENCE = re.compile(r"(?<=[.!?])\s+")
MIN_TEMPLATE_WORDS = 40
SEPARATE_JACCARD = 0.2


def load_corpus() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def reference_groups(texts: list[str]) -> list[int]:
    """Group label per text: connected components of pairs matching on their exact shingle
    sets (Jaccard >= 0.5, or containment >= 0.8 with Jaccard >= 0.3), all pairs compared."""
    sets = [set(letter_text.shingles(letter_text.words(letter_text.body(t))).tolist()) for t in texts]
    posting = defaultdict(list)
    for i, s in enumerate(sets):
        for shingle in s:
            posting[shingle].append(i)
    parent = list(range(len(texts)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, s in enumerate(sets):
        if len(letter_text.words(letter_text.body(texts[i]))) < 8:
            continue  # too short to be a letter of a campaign, as in recognition
        shared = Counter(j for shingle in s for j in posting[shingle] if j > i)
        for j, n in shared.items():
            union = len(s) + len(sets[j]) - n
            jaccard, containment = n / union, n / min(len(s), len(sets[j]))
            if jaccard >= 0.5 or (containment >= 0.8 and jaccard >= 0.3):
                parent[find(j)] = find(i)
    return [find(i) for i in range(len(texts))]


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / max(1, len(a | b))


def _docket(row: dict) -> str:
    return row["docket"].rsplit("-", 1)[0]


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE.split(text.strip()) if s]


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "drop":
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def copy_of(template: str, rng: random.Random, personal: list[str]) -> str:
    """One sender's copy: own frame always; each edit with its own probability."""
    body = letter_text.body(template)
    parts = sentences(body)
    if len(parts) > 3 and rng.random() < 0.12:  # a sentence dropped
        del parts[rng.randrange(1, len(parts))]
    if rng.random() < 0.08:  # a sentence added (from another comment)
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(personal))
    text = " ".join(parts)
    if rng.random() < 0.25:  # a few typos
        words = text.split(" ")
        for _ in range(rng.randint(1, 5)):
            k = rng.randrange(len(words))
            words[k] = typo(words[k], rng)
        text = " ".join(words)
    if rng.random() < 0.3:
        text = text.upper() if rng.random() < 0.1 else text.lower()
    opening = " ".join(rng.sample(personal, rng.randint(1, 3))) if rng.random() < 0.18 else ""
    closing = " ".join(rng.sample(personal, rng.randint(1, 2))) if rng.random() < 0.15 else ""
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    frame = [rng.choice(SALUTATIONS), opening, text, closing, rng.choice(CLOSINGS), name,
             rng.choice(CITIES) if rng.random() < 0.5 else ""]
    return "\n\n".join(part for part in frame if part)


def campaign_sizes(n: int, rng: random.Random, largest: int) -> list[int]:
    """Heavy-tailed: a few large campaigns, many small ones (at least 2 letters)."""
    return [max(2, int(largest / (k + 1) ** 1.1 * rng.uniform(0.7, 1.3))) for k in range(n)]


def build(templates: int = 25, largest: int = 400, seed: int = 2026) -> dict:
    rng = random.Random(seed)
    corpus = load_corpus()
    texts = [row["text"] for row in corpus]
    labels = reference_groups(texts)
    first_of: dict[int, int] = {}
    for i, label in enumerate(labels):
        first_of.setdefault(label, i)
    representatives = [first_of[label] for label in sorted(first_of)]
    rng.shuffle(representatives)
    # Items of different labels must really differ: a representative that shares a third of
    # its shingles with one already taken (a sibling letter of the same docket's campaign
    # family) is left out rather than labelled "distinct".
    taken, sets = [], {}
    for i in representatives:
        sets[i] = set(letter_text.shingles(letter_text.words(letter_text.body(texts[i]))).tolist())
        if all(_jaccard(sets[i], sets[j]) < SEPARATE_JACCARD for j in taken):
            taken.append(i)
    long_enough = [i for i in taken if len(letter_text.words(letter_text.body(texts[i]))) >= MIN_TEMPLATE_WORDS]
    chosen = long_enough[:templates]
    distinct = [i for i in taken if i not in set(chosen)]
    used = set(representatives)
    held_out = [{"id": corpus[i]["id"], "label": f"real-{labels[i]}", "text": texts[i]}
                for i in range(len(texts)) if i not in used]
    # Personal lines: sentences of held-out comments sent to another docket than the template's,
    # real prose that is in no synthetic item and quotes no sibling campaign.
    by_docket = defaultdict(list)
    for i in range(len(texts)):
        if i not in used:
            by_docket[_docket(corpus[i])] += [s for s in sentences(texts[i]) if 6 <= len(s.split()) <= 30]
    items = []
    for number, (i, size) in enumerate(zip(chosen, campaign_sizes(len(chosen), rng, largest))):
        personal = [s for docket, lines in sorted(by_docket.items()) if docket != _docket(corpus[i]) for s in lines]
        items.append({"label": f"campaign-{number}", "text": texts[i]})
        items += [{"label": f"campaign-{number}", "text": copy_of(texts[i], rng, personal)} for _ in range(size - 1)]
    items += [{"label": f"distinct-{i}", "text": texts[i]} for i in distinct]
    rng.shuffle(items)
    synthetic = [{"id": f"L{n:06d}", **item} for n, item in enumerate(items)]
    return {"synthetic": synthetic, "held_out": held_out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "campaign_set.json")
    parser.add_argument("--templates", type=int, default=25)
    parser.add_argument("--largest", type=int, default=400, help="letters in the largest campaign")
    args = parser.parse_args()
    labelled = build(args.templates, args.largest)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(labelled, ensure_ascii=False), encoding="utf-8")
    sizes = Counter(item["label"] for item in labelled["synthetic"])
    print(f"{len(labelled['synthetic'])} letters: {sum(1 for k in sizes if k.startswith('campaign'))} campaigns "
          f"({sum(v for k, v in sizes.items() if k.startswith('campaign'))} letters), "
          f"{sum(1 for k in sizes if k.startswith('distinct'))} distinct comments; "
          f"held-out: {len(labelled['held_out'])} real comments in "
          f"{len({i['label'] for i in labelled['held_out']})} reference groups -> {args.out}")


if __name__ == "__main__":
    main()
