"""How good and how fast the analysis' suggestions are.

Quality (default): a labelled set built from the shared corpus of 1,234 real public comments
(``../shared/corpus/public-comments.jsonl``) and the demo's input. Every text is cut into
passages exactly as a round's input is (``consult.analysis.passages``); identical passages
count once. Each theme below is labelled by a hand-written rule (a regular expression over
the passage, written from reading the comments, not from the model's output): a passage
belongs to the theme when the rule matches. For each theme and each seed, N passages of the
theme are taken at random as the analyst's tagged examples (N = 5, then 20), and the 20
suggestions are scored: precision@20 = the share of them the rule labels as the theme's
(fewer than 20 suggestions count the missing ones as misses). "wrong ones dismissed" replays an
analyst on the 5-example list: the wrong suggestions dismissed, then the list asked for
again and scored. "out of keyword reach" is the share of the theme's passages that hold no
word of its name: keyword search can never find them. The baseline is plain keyword search for the theme's name: the
passages holding the most distinct words of the name (lower case, a plural "s" dropped,
stop words left out), ties in corpus order, the examples left out as for the suggestions.
The demo's input is in the pool (as the passages a real round would mix in); its themes are
too small to be scored on their own.

    .venv/bin/python bench/suggestion_quality.py             # the quality table
    .venv/bin/python bench/suggestion_quality.py --timing    # speed in a 10,000-submission round
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from anywhere, without installing

from bench import suggestions_bench  # noqa: E402
from consult.analysis.passages import Passage, split_passages  # noqa: E402
from consult.analysis.suggestions import rank  # noqa: E402
from consult.analysis.text_model import STOP_WORDS, RoundModel, passage_hash  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "public-comments.jsonl"
if not CORPUS.exists():
    CORPUS = Path("/work/shared/corpus/public-comments.jsonl")
DEMO = ROOT / "consult" / "demo" / "demo_data.json"

# (theme name, the rule that labels its passages). The names are what a convener would call
# the theme; the rules list the wording the comments use for it.
THEMES = [
    ("Public health", r"\bhealth|asthma|cancer|\blungs?\b|respiratory|diseases?\b|illness|premature death|"
                      r"mortality|\bsick\b|hospital"),
    ("Privacy of personal data", r"privacy|confidential|personal (?:health )?(?:data|information)|medical records|"
                                 r"patient (?:data|records)|de-?identif|anonymi"),
    ("Coal ash and water", r"coal ash|ash ponds?|coal combustion|groundwater|drinking water|"
                           r"water (?:pollution|contamination|protections?|supplies|supply)"),
    ("Environmental justice", r"communities of colou?r|low[- ]income|low-wealth|environmental justice|"
                              r"disproportionate|front ?lines?|fenceline|vulnerable communities|minority"),
    ("Peer review and scientific integrity", r"peer[- ]review|scientific integrity|best available science|"
                                             r"sound science|scientific (?:evidence|research|studies)|"
                                             r"epidemiolog|researchers"),
    ("Right to sue polluters", r"nuisance|\bcourts?\b|\bsue\b|lawsuits?|legal action|polluters to court"),
    ("Air pollution from the export terminal", r"bluewater|crude (?:oil )?export|export terminal|"
                                               r"volatile organic|\bvocs?\b|tons (?:per|a) year"),
    ("Costs and burden of the rule", r"\bcosts?\b|burden|resource[- ]intensive|expensive|taxpayers?|"
                                     r"time[- ]consuming"),
]


def texts() -> list[str]:
    found = [json.loads(line)["text"] for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    for item in json.loads(DEMO.read_text(encoding="utf-8"))["submissions"]:
        found += [item.get("summary", "")] + list(item.get("answers", {}).values())
    return found


def pool() -> list[Passage]:
    """Every distinct passage of the corpus and the demo, one submission per text."""
    seen, passages = set(), []
    for number, text in enumerate(texts(), 1):
        for piece in split_passages(text):
            if piece not in seen:
                seen.add(piece)
                passages.append(Passage(number, "letter", piece))
    return passages


def plain_words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[^\W\d_]{2,}", text.lower())}


def name_words(name: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[^\W\d_]{2,}", name.lower()) if w not in STOP_WORDS}


def keyword_search(passages: list[Passage], name: str, left_out: set[int], limit: int = 20) -> list[int]:
    wanted = name_words(name)
    scored = []
    for i, passage in enumerate(passages):
        if i in left_out:
            continue
        hits = len(wanted & plain_words(passage.text))
        if hits:
            scored.append((-hits, i))
    return [i for _, i in sorted(scored)[:limit]]


def precision(found: list[int], relevant: set[int], limit: int = 20) -> float:
    return sum(1 for i in found[:limit] if i in relevant) / limit


def evaluate(seeds: int) -> list[dict]:
    passages = pool()
    model = RoundModel.build((), passages, {})
    index = {(p.submission_id, p.text): i for i, p in enumerate(passages)}
    results = []
    for name, rule in THEMES:
        pattern = re.compile(rule, re.I)
        relevant = {i for i, p in enumerate(passages) if pattern.search(p.text)}
        row = {"theme": name, "passages": len(relevant)}
        for examples in (5, 20):
            if len(relevant) < examples + 20:
                continue
            ours, baseline, feedback = [], [], []
            for seed in range(seeds):
                chosen = random.Random(seed).sample(sorted(relevant), examples)
                tags = [(passages[i].submission_id, "letter", passages[i].text) for i in chosen]
                found = [index[(s.submission_id, s.passage)] for s in rank(model, tags, [], 20)]
                ours.append(precision(found, relevant))
                baseline.append(precision(keyword_search(passages, name, set(chosen)), relevant))
                if examples == 5:  # the wrong ones dismissed, the list asked for again
                    dismissed = [(passages[i].submission_id, "letter", passages[i].text,
                                  passage_hash(passages[i].text)) for i in found if i not in relevant]
                    after = [index[(s.submission_id, s.passage)] for s in rank(model, tags, dismissed, 20)]
                    feedback.append(precision(after, relevant))
            row[f"p@20 after {examples}"] = statistics.mean(ours)
            row[f"keyword p@20 ({examples} left out)"] = statistics.mean(baseline)
            if feedback:
                row["p@20 after 5, wrong ones dismissed"] = statistics.mean(feedback)
        words = name_words(name)
        row["out of keyword reach"] = sum(1 for i in relevant if not words & plain_words(passages[i].text)) / max(
            1, len(relevant))
        results.append(row)
    return results


def print_quality(seeds: int) -> None:
    results = evaluate(seeds)
    print(f"{len(pool())} distinct passages; {seeds} seeds per theme\n")
    header = ["theme", "passages", "p@20 after 5", "p@20 after 5, wrong ones dismissed", "p@20 after 20",
              "keyword p@20 (5 left out)", "out of keyword reach"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in results:
        cells = [row["theme"], str(row["passages"])] + [
            f"{row[h]:.2f}" if h in row else "—" for h in header[2:]]
        print("| " + " | ".join(cells) + " |")
    means = ["**mean**", ""] + [
        f"{statistics.mean(r[h] for r in results if h in r):.2f}" for h in header[2:]]
    print("| " + " | ".join(means) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--timing", action="store_true", help="time suggestions in a large round instead")
    parser.add_argument("--submissions", type=int, default=10_000)
    parser.add_argument("--tags", type=int, default=50_000)
    args = parser.parse_args()
    if args.timing:
        suggestions_bench.run(args.submissions, args.tags)
    else:
        print_quality(args.seeds)


if __name__ == "__main__":
    main()
