"""Write the example workspace's documents: cover reports, appendices and minutes.

The results are committed; run this again (``.venv/bin/python scripts/make_example.py``)
after changing it. The facts (committee, dates, titles) follow the Nottingham seed pack;
the sentences are our own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Pt
from docx_save import save

from agendapack.pdf.opening import FONT_NAME, pdf_string, wrap

ROOT = Path(__file__).resolve().parent.parent
A4 = (595.28, 841.89)


# -- PDFs -----------------------------------------------------------------------------


def write_pdf(
    path: Path,
    title: str,
    sections: list[tuple[str, list[str]]],
    *,
    landscape_pages: tuple[int, ...] = (),
    rotated_pages: tuple[int, ...] = (),
    author: str = "Nottingham City Council",
    tagged: bool = True,
) -> None:
    """A plain multi-page PDF of headings and paragraphs, like an appendix from elsewhere.

    Tagged as a council's own export is (a heading or paragraph element per block, each line
    marked content, the font embedded); `tagged=False` writes what a scanner or an old tool
    does: the same pages in non-embedded Helvetica and no structure. Pages listed in
    `landscape_pages` get a landscape media box; those in `rotated_pages` are portrait pages
    shown turned by /Rotate 90, as scanners and some tools write them.
    """
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    from agendapack.pdf.fonts import Fonts

    blocks: list[tuple[str, float, str]] = [("/H1", 18, title)]
    for heading, paragraphs in sections:
        blocks.append(("/H2", 13, heading))
        blocks.extend(("/P", 10.5, p) for p in paragraphs)

    pdf = pikepdf.new()
    font = (
        Fonts(pdf).font()
        if tagged
        else pdf.make_indirect(
            Dictionary(
                Type=Name.Font,
                Subtype=Name.Type1,
                BaseFont=Name.Helvetica,
                Encoding=Name.WinAnsiEncoding,
            )
        )
    )
    # per page: its lines as (block, x, y, size, text)
    pages: list[list[tuple[int, float, float, float, str]]] = [[]]
    sizes = []

    def page_size(index: int) -> tuple[float, float]:
        return (A4[1], A4[0]) if index + 1 in landscape_pages else A4

    width, height = page_size(0)
    y = height - 72
    for number, (_, size, text) in enumerate(blocks):
        lines = wrap(text, size, width - 144)
        if size > 11:
            y -= size * 0.8
        for line in lines:
            if y < 90:
                sizes.append((width, height))
                pages.append([])
                width, height = page_size(len(pages) - 1)
                y = height - 72
            pages[-1].append((number, 72, y, size, line))
            y -= size * 1.45
        y -= size * 0.6
    sizes.append((width, height))

    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document))
    elements = [
        pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name(kind), P=document, K=Array()))
        for kind, _, _ in blocks
    ]
    parents = Array()
    for index, (lines, (w, h)) in enumerate(zip(pages, sizes, strict=True)):
        page = pdf.add_blank_page(page_size=(w, h))
        ops = []
        marked = Array()
        for mcid, (number, x, y, size, text) in enumerate(lines):
            drawn = f"BT {FONT_NAME} {size:g} Tf {x:.2f} {y:.2f} Td {pdf_string(text)} Tj ET"
            if tagged:
                tag = blocks[number][0]
                drawn = f"{tag} <</MCID {mcid}>> BDC {drawn} EMC"
                elements[number].K.append(Dictionary(Type=Name.MCR, Pg=page.obj, MCID=mcid))
                marked.append(elements[number])
            ops.append(drawn)
        page.obj.Contents = pdf.make_stream("\n".join(ops).encode("latin-1"))
        page.obj.Resources = Dictionary(Font=Dictionary({FONT_NAME: font}))
        if tagged:
            page.obj.StructParents = index
            page.obj.Tabs = Name.S
            parents.extend([index, pdf.make_indirect(marked)])
        if index + 1 in rotated_pages:
            page.obj.Rotate = 90
    if tagged:
        document.K = Array(elements)
        root = pdf.make_indirect(
            Dictionary(
                Type=Name.StructTreeRoot,
                K=document,
                ParentTree=pdf.make_indirect(Dictionary(Nums=parents)),
                ParentTreeNextKey=len(pages),
            )
        )
        document.P = root
        pdf.Root.StructTreeRoot = root
        pdf.Root.MarkInfo = Dictionary(Marked=True)
        pdf.Root.Lang = String("en-GB")
        pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.docinfo["/Title"] = title
    pdf.docinfo["/Author"] = author
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)


# -- Word documents ------------------------------------------------------------------


def _word() -> WordDocument:
    document = WordDocument()
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(12)
    document.core_properties.created = dt.datetime(2024, 3, 1)
    document.core_properties.modified = dt.datetime(2024, 3, 1)
    document.core_properties.author = "agendapack example"
    return document


def write_report(
    path: Path,
    committee: str,
    date: str,
    title: str,
    report_of: str,
    sections: list[tuple[str, list[str]]],
    *,
    landscape_annex: list[str] = (),
) -> None:
    """A cover report in the structure councils use: numbered sections and paragraphs."""
    document = _word()
    for text, size in ((committee, 14), (date, 12), (title, 16), (report_of, 12)):
        run = document.add_paragraph().add_run(text)
        run.bold = size > 12
        run.font.size = Pt(size)
    for number, (heading, paragraphs) in enumerate(sections, start=1):
        run = document.add_paragraph().add_run(f"{number}\t{heading}")
        run.bold = True
        for sub, text in enumerate(paragraphs, start=1):
            document.add_paragraph(f"{number}.{sub}\t{text}")
    if landscape_annex:
        section = document.add_section()
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
        for text in landscape_annex:
            document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    save(document, path)


def write_minutes(
    path: Path,
    council: str,
    committee: str,
    heading: str,
    present: list[str],
    minutes: list[tuple[str, list[str]]],
) -> None:
    document = _word()
    for text in (council, committee, heading):
        document.add_paragraph().add_run(text).bold = True
    document.add_paragraph().add_run("Present").bold = True
    for name in present:
        document.add_paragraph(name)
    for title, paragraphs in minutes:
        document.add_paragraph().add_run(title).bold = True
        for text in paragraphs:
            document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    save(document, path)


# -- the example ---------------------------------------------------------------------

CYP = "Children and Young People Scrutiny Committee"
SSO = "Report of the Statutory Scrutiny Officer"


def _standard_tail(attached: list[str], officer: str) -> list[tuple[str, list[str]]]:
    return [
        ("List of attached information", attached or ["None."]),
        (
            "Background papers, other than published works or those disclosing exempt or "
            "confidential information",
            ["None."],
        ),
        (
            "Published documents referred to in this report",
            ["Nottingham City Council Constitution."],
        ),
        ("Wards affected", ["All."]),
        ("Contact information", [officer]),
    ]


def cyp_march(folder: Path) -> None:
    officer = "Damon Stanton, Scrutiny & Audit Support Officer, damon.stanton@example.gov.uk"
    write_report(
        folder / "placement-sufficiency.docx",
        CYP,
        "28 March 2024",
        "Children in Care Placement Sufficiency",
        SSO,
        [
            (
                "Purpose",
                [
                    "This report introduces the Council's strategy for securing enough suitable "
                    "homes for the children it looks after, with its action plan and the work "
                    "under way to shape the local market of providers.",
                    "Officers will give a short presentation at the meeting.",
                ],
            ),
            (
                "Action required",
                [
                    "The Committee is asked to consider the planned work and to make any comments "
                    "or recommendations it sees fit.",
                    "The Committee is asked whether placement sufficiency should return to its "
                    "work programme every March.",
                ],
            ),
            (
                "Background information",
                [
                    "Section 22G of the Children Act 1989 requires a council to take steps to "
                    "secure, as far as reasonably practicable, enough accommodation in its area "
                    "to meet the needs of the children it looks after.",
                    "The duty sits alongside the duties of co-operation that the Children Act "
                    "2004 places on the council's partners.",
                    "The strategy sets out how the Council means to provide safe, stable and "
                    "local homes for children in care and care leavers over the next five years. "
                    + "Demand has risen faster than supply, and the costs of external placements "
                    "have grown well beyond inflation. " * 3,
                    "Finding enough placements remains one of the hardest local challenges, and "
                    "the national picture makes it harder still. " * 4,
                ],
            ),
        ]
        + _standard_tail(
            [
                "Appendix 1: Placements Sufficiency Strategy.",
                "Appendix 2: exempt information (paragraph 3), circulated to members separately.",
            ],
            officer,
        ),
    )
    write_pdf(
        folder / "placement-strategy.pdf",
        "Placements Commissioning and Sufficiency Strategy",
        [
            (f"{n}. {h}", [p * 9 for p in ps])
            for n, (h, ps) in enumerate(
                [
                    (
                        "Our vision",
                        [
                            "Every child in our care should live in a home that meets their "
                            "needs, close to their school, family and friends where that is "
                            "safe. "
                        ],
                    ),
                    (
                        "Where we are now",
                        [
                            "The number of children in care has grown each year since "
                            "2019, and more of them have complex needs. "
                        ],
                    ),
                    (
                        "Fostering",
                        [
                            "We will recruit more of our own foster carers and support them "
                            "better, so fewer children need agency placements. "
                        ],
                    ),
                    (
                        "Residential care",
                        [
                            "We will open two small children's homes in the city and "
                            "work with providers on the homes we still need to buy. "
                        ],
                    ),
                    (
                        "Care leavers",
                        [
                            "Young people leaving care need a range of homes, from staying "
                            "put with carers to supported lodgings and their own tenancy. "
                        ],
                    ),
                    (
                        "Action plan",
                        [
                            "Each priority has named leads, milestones and measures, "
                            "reported to the Corporate Parenting Board every quarter. "
                        ],
                    ),
                ]
                * 3,
                start=1,
            )
        ],
        landscape_pages=(4,),
        rotated_pages=(6,),
    )
    write_pdf(
        folder / "provider-costs.pdf",
        "Provider costs (exempt)",
        [
            (
                "Commercially sensitive rates",
                [
                    "EXEMPT-MARKER-PROVIDER-COSTS: weekly rates agreed with individual residential "
                    "providers, which would prejudice the Council's negotiations if published."
                ],
            ),
            ("Rates by provider", ["Provider A: 5,200 a week. Provider B: 6,150 a week."]),
        ],
    )
    write_report(
        folder / "early-help.docx",
        CYP,
        "28 March 2024",
        "Review of the Early Help Strategy",
        SSO,
        [
            (
                "Purpose",
                [
                    "This report invites the Committee to review the Early Help "
                    "Partnership Strategy, launched in October 2023, and whether it is "
                    "achieving what it set out to."
                ],
            ),
            (
                "Action required",
                [
                    "The Committee is asked to consider the information and to "
                    "make any recommendations it sees fit."
                ],
            ),
            (
                "Background information",
                [
                    "Early help means support for a family as soon as a difficulty emerges, "
                    "before it becomes a crisis that needs statutory services.",
                    "The City's four Family Hubs, in Bestwood, Broxtowe, the Meadows and Hyson "
                    "Green, are the front door to that support for families with children up to "
                    "19, or 25 for young people with special educational needs.",
                    "The strategy has five priorities: a whole-system approach, working in "
                    "partnership, developing the workforce, measuring impact, and sustainable "
                    "funding. Each has a subgroup of partners leading it. " * 3,
                ],
            ),
        ]
        + _standard_tail(["Appendix 1: Early Help Partnership Strategy."], officer),
    )
    write_pdf(
        folder / "early-help-strategy.pdf",
        "Early Help Partnership Strategy 2023-2026",
        [
            (f"Priority {n}: {h}", [p * 10 for p in ps])
            for n, (h, ps) in enumerate(
                [
                    (
                        "A whole-system approach",
                        [
                            "Partners share one practice guide, one set of "
                            "forms and one understanding of need. "
                        ],
                    ),
                    (
                        "Partnership working",
                        [
                            "A shared website and a clear offer help families find "
                            "support without being passed between services. "
                        ],
                    ),
                    (
                        "Workforce development",
                        [
                            "A joint training plan lets practitioners from every "
                            "partner learn together. "
                        ],
                    ),
                    (
                        "Measuring impact",
                        [
                            "An agreed set of indicators and families' own feedback "
                            "will show whether early help is making a difference. "
                        ],
                    ),
                    (
                        "Funding and sustainability",
                        ["Partners will look at pooling budgets and bid jointly for funding. "],
                    ),
                ]
                * 2,
                start=1,
            )
        ],
    )
    write_report(
        folder / "work-programme.docx",
        CYP,
        "28 March 2024",
        "Work Programme 2023/24",
        SSO,
        [
            (
                "Purpose",
                [
                    "To consider the Committee's work programme for 2023/24, built from "
                    "the topics the Committee has identified through the year."
                ],
            ),
            (
                "Action required",
                [
                    "The Committee is asked to note the work planned for the "
                    "municipal year and to amend it as it sees fit."
                ],
            ),
            (
                "Background information",
                [
                    "The Committee carries out the statutory overview and scrutiny function for "
                    "matters affecting children and young people, and sets its own programme.",
                    "The Committee is advised to focus on two substantive items a meeting so "
                    "that each gets due consideration.",
                ],
            ),
        ]
        + _standard_tail(["2023/24 Committee Work Programme."], officer),
    )


def cyp_january_minutes(folder: Path) -> None:
    write_minutes(
        folder / "minutes.docx",
        "Nottingham City Council",
        CYP,
        "Minutes of the meeting held at Ground Floor Committee Room - Loxley House, Station "
        "Street, Nottingham, NG2 3NG on 25 January 2024 from 9.31 am - 11.55 am",
        [
            "Councillor Naim Salim (Chair)",
            "Councillor Samuel Gardiner",
            "Councillor Fozia Mubashar",
            "Councillor Georgia Power",
            "Councillor Ethan Radford",
            "Councillor Michael Savage",
            "Councillor Maria Watson",
        ],
        [
            ("24  Apologies for Absence", ["Councillor Adele Williams."]),
            ("25  Declarations of Interest", ["None."]),
            (
                "26  Minutes",
                [
                    "The minutes of the meeting held on 30 November 2023 were "
                    "confirmed as a true record and signed by the Chair."
                ],
            ),
            (
                "27  Children's Services Improvement",
                [
                    "The Portfolio Holder and senior officers presented progress on the "
                    "improvement plan since the Ofsted inspection of July 2022, including the "
                    "findings of three monitoring visits. " * 4,
                    "Members asked about the recruitment and retention of foster carers and "
                    "social workers, and about delays in specialist support. " * 4,
                ],
            ),
            (
                "28  Children's Integrated Services and Education Budget Proposals",
                [
                    "Officers presented the 2024/25 budget proposals for the two services and "
                    "their expected effects. " * 5,
                    "Resolved to:",
                    "1) request that ward Councillors are consulted on budget proposals that "
                    "affect their ward directly;",
                    "2) request that the Director of Education shares the outcomes of discussions "
                    "with schools on the budget proposals;",
                    "3) request a breakdown of the risks of the proposals and the relevant "
                    "Equality Impact Assessments.",
                ],
            ),
            (
                "29  Work Programme",
                [
                    "The Committee noted the Work Programme, and that the "
                    "April meeting is cancelled because of the elections."
                ],
            ),
        ],
    )


def audit_december(root: Path) -> None:
    folder = root / "packs" / "audit-committee" / "2026-12-02"
    officer = "Kate Morris, Governance Officer, kate.morris@example.gov.uk"
    write_report(
        folder / "internal-audit-progress.docx",
        "Audit Committee",
        "2 December 2026",
        "Internal Audit Progress Report",
        "Report of the Head of Internal Audit",
        [
            ("Purpose", ["To report progress against the 2026/27 internal audit plan."]),
            ("Action required", ["The Committee is asked to note the report."]),
            (
                "Background information",
                ["Twelve of the 31 planned audits are complete; two gave limited assurance. " * 6],
            ),
        ]
        + _standard_tail(["Appendix 1: Findings of completed audits."], officer),
        landscape_annex=["Annex: audit plan status by directorate (landscape table)."],
    )
    write_pdf(
        folder / "audit-findings.pdf",
        "Findings of completed audits",
        [
            (f"Audit {n}", ["Findings and agreed actions for this audit. " * 12])
            for n in range(1, 9)
        ],
        landscape_pages=(2,),
    )
    write_minutes(
        root / "packs" / "audit-committee" / "2026-09-30" / "minutes.docx",
        "Nottingham City Council",
        "Audit Committee",
        "Minutes of the meeting held at the Council House on 30 September 2026",
        ["Councillor Priya Lal (Chair)", "Councillor Tom Webb", "Councillor Rhian Evans"],
        [("1  Statement of Accounts 2025/26", ["The Committee approved the audited accounts."])],
    )


def main() -> None:
    cyp_march(ROOT / "packs" / "cyp-scrutiny" / "2024-03-28")
    cyp_january_minutes(ROOT / "packs" / "cyp-scrutiny" / "2024-01-25")
    audit_december(ROOT)


if __name__ == "__main__":
    main()
