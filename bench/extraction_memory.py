"""Peak memory and time of reading an attachment's text: before and after the budget.

The finding: a 0.9 MB DOCX whose word/document.xml expands to 99.6 MB was read whole into
memory and into an element tree (1.2 GB, 25 s). This builds such a DOCX, then reads it in
a fresh process each way and prints the peak Python allocations (tracemalloc), the growth
of the process's resident size (ru_maxrss), the seconds and the characters kept:

    .venv/bin/python bench/extraction_memory.py            # 99.6 MB of XML
    .venv/bin/python bench/extraction_memory.py --mb 20    # smaller, quicker

"before" is the reading the project did until the budget (kept here, and only here, to
measure it); "after" is consult.submissions.extraction.read_text with the default budget.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MEASURE = r"""
import json, resource, sys, time, tracemalloc
sys.path.insert(0, sys.argv[3])
way, path, trace = sys.argv[1], sys.argv[2], sys.argv[4] == "trace"
data = open(path, "rb").read()
if way == "before":
    import io, zipfile
    from defusedxml import ElementTree
    def read():
        archive = zipfile.ZipFile(io.BytesIO(data))
        with archive.open("word/document.xml") as entry:
            xml = entry.read(100 * 1024 * 1024 + 1)
        root = ElementTree.fromstring(xml, forbid_dtd=True)
        tag = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
        text = "\n".join("".join(p.itertext()) for p in root.iter(tag))[:2_000_000]
        return text, True
else:
    from config import Config
    from consult.submissions import extraction
    budget = extraction.Budget.from_config(vars(Config))
    def read():
        result = extraction.read_text(data, extraction.DOCX, budget)
        return result.text, result.complete
base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # after the imports
if trace:  # a run of its own: tracemalloc's bookkeeping inflates the resident size and the time
    tracemalloc.start()
started = time.monotonic()
text, complete = read()
seconds = time.monotonic() - started
peak = tracemalloc.get_traced_memory()[1] if trace else 0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base_rss
print(json.dumps({"peak_mb": peak / 2**20, "rss_growth_mb": rss / 1024, "seconds": seconds,
                  "chars": len(text), "complete": complete}))
"""


def build(path: Path, megabytes: float) -> tuple[int, int]:
    from tests.submissions.documents import docx_expanding

    path.write_bytes(docx_expanding(megabytes))
    with zipfile.ZipFile(path) as archive:
        return path.stat().st_size, archive.getinfo("word/document.xml").file_size


def measure(way: str, path: Path) -> dict:
    """Two fresh processes: one for resident size and time, one for tracemalloc's peak."""
    runs = [json.loads(subprocess.run([sys.executable, "-c", MEASURE, way, str(path), str(ROOT), mode], check=True,
                                      capture_output=True, text=True,
                                      env={**os.environ, "PYTHONPATH": str(ROOT)}).stdout)
            for mode in ("plain", "trace")]
    return runs[0] | {"peak_mb": runs[1]["peak_mb"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=95.0, help="size of word/document.xml in MiB (95 MiB = 99.6 MB)")
    parser.add_argument("--only", choices=["before", "after"], help="measure one way only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "expanding.docx"
        size, xml = build(path, args.mb)
        print(f"DOCX of {size / 1e6:.2f} MB; word/document.xml {xml / 1e6:.1f} MB ({xml / size:.0f} times)")
        for way in ("before", "after"):
            if args.only and way != args.only:
                continue
            r = measure(way, path)
            print(f"{way:6}  peak {r['peak_mb']:7.1f} MiB (tracemalloc), resident +{r['rss_growth_mb']:7.1f} MiB, "
                  f"{r['seconds']:5.1f} s, {r['chars']:,} characters kept, complete: {r['complete']}")


if __name__ == "__main__":
    main()
