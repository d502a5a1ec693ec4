"""The accessibility checks every journey runs on every page it visits.

``check(page)`` runs axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on the page as the
person sees it, fails at once with each violation's rule, help and elements, and keeps the
page's HTML for the Nu HTML Checker, which ``HtmlCollector.validate`` runs once on every kept
page at the end of the session (starting Java once per page would cost minutes).
"""
from __future__ import annotations

import json
import os
import subprocess  # nosec B404 - runs the pinned Nu HTML Checker on files this suite wrote
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# CONSULT_A11Y_REPORT_ONLY=1 collects the violations without failing (to count them).
REPORT_ONLY = os.environ.get("CONSULT_A11Y_REPORT_ONLY") == "1"


def tools_missing() -> str | None:
    if not AXE.exists() or not VNU.exists():
        return "axe-core or vnu-jar is missing: run `npm ci` (make test does it when npm is present)"
    return None


@dataclass
class HtmlCollector:
    directory: Path
    pages: list[str] = field(default_factory=list)
    violations: list[tuple[str, str, int]] = field(default_factory=list)  # (url, rule, nodes)

    def keep(self, url: str, html: str) -> None:
        path = self.directory / f"page-{len(self.pages):03d}.html"
        path.write_text(html, encoding="utf-8")
        self.pages.append(url)

    def validate(self) -> list[str]:
        """Runs the Nu HTML Checker once on every kept page; returns its errors, readable."""
        if not self.pages:
            return []
        files = sorted(str(p) for p in self.directory.glob("page-*.html"))
        result = subprocess.run(  # nosec B603 B607 - fixed arguments, no shell
            ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
            capture_output=True, text=True, timeout=300, check=False)
        messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
        by_file = {str(self.directory / f"page-{i:03d}.html"): url for i, url in enumerate(self.pages)}
        errors = []
        for m in messages:
            name = m.get("url", "").removeprefix("file:")
            page_url = next((u for f, u in by_file.items() if name.endswith(f)), name)
            errors.append(f"{page_url} line {m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()}]")
        return errors


def axe_violations(page, collector: HtmlCollector) -> list[dict]:
    """axe-core's violations on the page now shown (recorded in ``collector``); its HTML kept
    for the Nu HTML Checker."""
    page.wait_for_load_state("load")
    collector.keep(page.url, page.content())
    # page.evaluate runs through the browser's debugging protocol, which the page's strict
    # CSP does not govern (a <script> tag with the source inline would be refused).
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, help: v.help, impact: v.impact,
                nodes: v.nodes.map(n => n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' '))}));
        }""", WCAG_AA)
    for v in violations:
        collector.violations.append((page.url, v["id"], len(v["nodes"])))
    return violations


def describe(url: str, violations: list[dict]) -> str:
    return f"axe found WCAG 2.2 AA violations on {url}:\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations)


def check(page, collector: HtmlCollector) -> None:
    """axe-core on the page now shown: fails at once with every violation."""
    violations = axe_violations(page, collector)
    if REPORT_ONLY:
        return
    assert not violations, describe(page.url, violations)
