"""Web pages a council receives, printed to tagged PDF by the real Chromium at test time
(tests/js/print_pdfs.mjs, playwright-core's page.pdf with `tagged`): a consultation page
(headings, nested lists, pictures, links, an SVG chart, <details>), a long table with row
headers over pages, an online form's summary, a two-column page with a fixed header and
footer printed on every page, and a page in Arabic and Urdu."""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
WEB = "https://www.example.gov.uk/consultations/libraries"
PHOTO_ALT = "Readers at the long table of Bulwell library on a winter afternoon"


def missing() -> str | None:
    """Why the pages cannot be printed here, or None."""
    if not CHROMIUM.exists():
        return "no Chromium (Debian's chromium package)"
    if shutil.which("node") is None:
        return "no node"
    if not (ROOT / "node_modules/playwright-core").exists():
        return "no playwright-core in node_modules"
    return None


def _png(width: int, height: int, colour: tuple[int, int, int]) -> str:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (width, height), colour)
    ImageDraw.Draw(picture).ellipse((10, 10, width - 10, height - 10), fill=(250, 240, 200))
    data = io.BytesIO()
    picture.save(data, "PNG")
    return "data:image/png;base64," + base64.b64encode(data.getvalue()).decode()


_STYLE = "body { font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; }"

CONSULTATION = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Library opening hours consultation</title><style>{_STYLE}</style></head><body>
<h1>Library opening hours consultation</h1>
<p>Contents: <a href="#proposals">the proposals</a>, <a href="#chart">visits by month</a>
and <a href="#respond">how to respond</a>.</p>
<img src="{_png(40, 20, (90, 90, 90))}" alt="" width="80" height="20">
<h2>Why we are consulting</h2>
<p>Visits to branch libraries fell by a fifth between 2019 and 2023. The council asks
residents which mornings matter most before it sets the hours for next year.</p>
<img src="{_png(300, 180, (60, 110, 160))}" alt="{PHOTO_ALT}" width="300" height="180">
<h2 id="proposals">The proposals</h2>
<h3>Branch libraries</h3>
<ul>
  <li>Open on Saturday mornings
    <ul><li>Aspley from nine</li><li>Bulwell from ten
      <ol><li>with a story hour</li><li>and a homework club</li></ol></li></ul></li>
  <li>Close on Monday afternoons</li>
</ul>
<h4>Mobile library</h4>
<p>The mobile library keeps its route, and stops at Clifton on Thursdays as well.</p>
<p>Read the <a href="{WEB}">full proposals on the council's website</a>.</p>
<h2 id="chart">Visits by month</h2>
<svg width="320" height="160" role="img" aria-label="Bar chart of visits: January 4200,
February 3900, March 4600">
  <title>Visits by month</title>
  <rect x="20" y="40" width="60" height="100" fill="#369"/>
  <rect x="120" y="50" width="60" height="90" fill="#369"/>
  <rect x="220" y="30" width="60" height="110" fill="#369"/>
  <text x="20" y="155" font-size="12">January</text>
  <text x="120" y="155" font-size="12">February</text>
  <text x="220" y="155" font-size="12">March</text>
</svg>
<details open><summary>Questions and answers</summary>
<p>Will any library close? No branch closes under these proposals.</p></details>
<details><summary>Earlier consultations</summary><p>Hidden archive text.</p></details>
<div style="break-before: page"></div>
<h2 id="respond">How to respond</h2>
<p>Write to the libraries team by the thirtieth of June, or <a href="#proposals">read the
proposals again</a>.</p>
</body></html>
"""

_ROWS = [
    (f"Ward {n:02d} {place}", str(1000 + 37 * n), str(200 + 11 * n), "Late" if n % 3 else "Due")
    for n, place in enumerate(
        [
            "Aspley",
            "Basford",
            "Berridge",
            "Bilborough",
            "Bulwell",
            "Clifton",
            "Dales",
            "Hyson",
            "Leen",
            "Lenton",
            "Mapperley",
            "Meadows",
            "Radford",
            "Sherwood",
            "Wollaton",
            "Arboretum",
        ]
        * 5,
        1,
    )
]
_BODY = "".join(
    f"<tr><th scope=row>{w}</th><td>{b}</td><td>{s}</td><td>{t}</td></tr>" for w, b, s, t in _ROWS
)
TABLE = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Ward budgets</title><style>{_STYLE} td, th {{ border: 1px solid #888; padding: 3px; }}
table {{ border-collapse: collapse; }}</style></head><body>
<h1>Ward budgets, spring</h1>
<table><caption>Ward budgets and spending</caption>
<thead><tr><th scope="col">Ward</th><th scope="col">Budget</th><th scope="col">Spent</th>
<th scope="col">Status</th></tr></thead><tbody>
{_BODY}
</tbody></table></body></html>
"""

FORM = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Your application summary</title><style>{_STYLE}</style></head><body>
<h1>Your application summary</h1>
<form>
<p><label for="name">Full name</label>
<input id="name" name="name" value="Amira Hussain"></p>
<p><label for="street">Street</label>
<input id="street" name="street" value="Gregory Boulevard"></p>
<p><input type="checkbox" id="contact" name="contact" checked>
<label for="contact">Contact me by email</label></p>
<p><input type="checkbox" id="news" name="news"> <label for="news">Send the newsletter</label></p>
<p><label for="why">Reason</label><br>
<textarea id="why" name="why">A licence for a street party</textarea></p>
<p><label for="ward">Ward</label> <select id="ward"><option>Aspley</option>
<option selected>Sherwood</option></select></p>
</form></body></html>
"""

_PARAGRAPH = (
    "The panel heard evidence from tenants, wardens and the housing ombudsman about damp in "
    "council homes, and about how long repairs take once a tenant reports them. "
)
COLUMNS = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Housing scrutiny panel</title><style>{_STYLE}
header {{ position: fixed; top: 0; left: 0; right: 0; height: 20px; font-size: 9pt; }}
footer {{ position: fixed; bottom: 0; left: 0; right: 0; height: 20px; font-size: 9pt; }}
main {{ margin-top: 30px; column-count: 2; column-gap: 24px; }}</style></head><body>
<header>Nottingham City Council - Housing scrutiny panel</header>
<footer>Published by the scrutiny team</footer>
<main><h1>Damp and mould in council homes</h1>
{"".join(f"<p>Finding {n}. {_PARAGRAPH * 3}</p>" for n in range(1, 13))}
</main></body></html>
"""

ARABIC = "تدعو البلدية السكان إلى إبداء آرائهم في ساعات عمل المكتبات"
URDU = "کونسل رہائشیوں سے لائبریری کے اوقات پر رائے مانگتی ہے"
RTL = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Consultation in community languages</title><style>{_STYLE}</style></head><body>
<h1>Consultation in community languages</h1>
<p>The summary below is given in Arabic and in Urdu.</p>
<h2 lang="ar" dir="rtl">ملخص</h2>
<p lang="ar" dir="rtl">{ARABIC}</p>
<h2 lang="ur" dir="rtl">خلاصہ</h2>
<p lang="ur" dir="rtl">{URDU}</p>
</body></html>
"""

PAGES = {
    "library-consultation": CONSULTATION,
    "ward-budgets": TABLE,
    "application-summary": FORM,
    "housing-scrutiny": COLUMNS,
    "community-languages": RTL,
}


def print_pages(folder: Path, html: Path, pages: dict[str, str] = PAGES) -> list[Path]:
    """Each page written to html/NAME.html and printed by Chromium to folder/NAME.pdf
    (one browser for all)."""
    html.mkdir(parents=True, exist_ok=True)
    sources = []
    for name, text in pages.items():
        (html / f"{name}.html").write_text(text, encoding="utf-8")
        sources.append(str(html / f"{name}.html"))
    subprocess.run(
        ["node", str(ROOT / "tests/js/print_pdfs.mjs"), str(folder), *sources],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=120,
    )
    return [folder / f"{name}.pdf" for name in pages]
