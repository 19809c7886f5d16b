"""A Word report as Word writes one with what python-docx has no API for: a SmartArt
diagram (its data, layout, quick style, colours and the drawing Word caches of its last
layout) and a chart with its embedded workbook (the chart, its style and colours, the .xlsx
it was edited in), in a section with first-page, odd and even headers and footers.

The parts are added to python-docx's package as raw parts with the relationships and
content types Word gives them (ECMA-376 Part 1, 21.4 and 21.2; MS-ODRAWXML for the diagram
drawing, chart style and chart colours parts).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document as WordDocument
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT = R + "/"
MS_RT = "http://schemas.microsoft.com/office/2007/relationships/"
MS_RT_2011 = "http://schemas.microsoft.com/office/2011/relationships/"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
DSP = "http://schemas.microsoft.com/office/drawing/2008/diagram"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CS = "http://schemas.microsoft.com/office/drawing/2012/chartStyle"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
CT = "application/vnd.openxmlformats-officedocument."

# What a reader must find in the pack, each word once and nowhere else in the report.
SMARTART_STEPS = ("Consult", "Draft", "Decide")  # short: a box wraps a long word at its hyphen
CHART_TITLE = "SPENDING-BY-SERVICE"
CHART_SERIES = "BUDGET-SERIES"
CHART_CATEGORIES = ("LIBRARIES-COST", "PARKS-COST", "LEISURE-COST")
CHART_VALUES = (4.3, 2.5, 3.5)
HEADERS = {
    "first": ("FIRST-HEADER-WORDS", "FIRST-FOOTER-WORDS"),
    "odd": ("ODD-HEADER-WORDS", "ODD-FOOTER-WORDS"),
    "even": ("EVEN-HEADER-WORDS", "EVEN-FOOTER-WORDS"),
}


def _part(package, name: str, content_type: str, blob: bytes) -> Part:
    return Part(PackURI(name), content_type, blob, package)


def _guid(n: int) -> str:
    return f"{{{0x6E1D0000 + n:08X}-5A1B-4C2D-9E3F-{0x7A2B3C4D0000 + n:012X}}}"


def _inline(extent: tuple[int, int], doc_id: int, name: str, graphic: str) -> str:
    """A w:drawing in line with text, as Word writes one for a graphic frame."""
    cx, cy = extent
    return (
        f'<w:r xmlns:w="{W}"><w:rPr><w:noProof/></w:rPr><w:drawing>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="{WP}">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{doc_id}" name="{name}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic xmlns:a="{A}">{graphic}</a:graphic></wp:inline></w:drawing></w:r>'
    )


# -- SmartArt ---------------------------------------------------------------------------


def _text_body(text: str) -> str:
    run = (
        f'<a:r><a:rPr lang="en-GB" dirty="0"/><a:t>{text}</a:t></a:r>'
        if text
        else '<a:endParaRPr lang="en-GB"/>'
    )
    return f"<dgm:t><a:bodyPr/><a:lstStyle/><a:p>{run}</a:p></dgm:t>"


def _diagram_data(steps: tuple[str, ...], drawing_rel: str) -> bytes:
    """The data model: the document point, a node per step with its transition points, a
    presentation point per node (the shape drawn for it), and the connections."""
    doc = _guid(0)
    points = [
        f'<dgm:pt modelId="{doc}" type="doc"><dgm:prSet '
        'loTypeId="urn:microsoft.com/office/officeart/2005/8/layout/process1" '
        'loCatId="process" qsTypeId="urn:microsoft.com/office/officeart/2005/8/quickstyle/simple1" '
        'qsCatId="simple" csTypeId="urn:microsoft.com/office/officeart/2005/8/colors/accent1_2" '
        f'csCatId="accent1" phldr="1"/><dgm:spPr/>{_text_body("")}</dgm:pt>'
    ]
    connections = []
    for index, step in enumerate(steps):
        node, par, sib, cxn, pres = (_guid(10 * index + k) for k in range(1, 6))
        points.append(
            f'<dgm:pt modelId="{node}"><dgm:prSet phldrT="[Text]"/><dgm:spPr/>'
            f"{_text_body(step)}</dgm:pt>"
        )
        for kind, point in (("parTrans", par), ("sibTrans", sib)):
            points.append(
                f'<dgm:pt modelId="{point}" type="{kind}" cxnId="{cxn}"><dgm:prSet/>'
                f"<dgm:spPr/>{_text_body('')}</dgm:pt>"
            )
        points.append(
            f'<dgm:pt modelId="{pres}" type="pres"><dgm:prSet presAssocID="{node}" '
            f'presName="node" presStyleLbl="node1" presStyleIdx="{index}" '
            f'presStyleCnt="{len(steps)}"><dgm:presLayoutVars><dgm:bulletEnabled val="1"/>'
            "</dgm:presLayoutVars></dgm:prSet><dgm:spPr/></dgm:pt>"
        )
        connections.append(
            f'<dgm:cxn modelId="{cxn}" srcId="{doc}" destId="{node}" srcOrd="{index}" '
            f'destOrd="0" parTransId="{par}" sibTransId="{sib}"/>'
        )
        connections.append(
            f'<dgm:cxn modelId="{_guid(900 + index)}" type="presOf" srcId="{node}" '
            f'destId="{pres}" srcOrd="0" destOrd="0" presId="urn:microsoft.com/office/'
            'officeart/2005/8/layout/process1"/>'
        )
    return (
        DECLARATION
        + f'<dgm:dataModel xmlns:dgm="{DGM}" xmlns:a="{A}">'
        + f"<dgm:ptLst>{''.join(points)}</dgm:ptLst>"
        + f"<dgm:cxnLst>{''.join(connections)}</dgm:cxnLst>"
        + "<dgm:bg/><dgm:whole/><dgm:extLst>"
        + '<a:ext uri="http://schemas.microsoft.com/office/drawing/2008/diagram">'
        + f'<dsp:dataModelExt xmlns:dsp="{DSP}" relId="{drawing_rel}" '
        + 'minVer="http://schemas.openxmlformats.org/drawingml/2006/diagram"/>'
        + "</a:ext></dgm:extLst></dgm:dataModel>"
    ).encode("utf-8")


def _diagram_drawing(steps: tuple[str, ...], width: int, height: int) -> bytes:
    """The drawing Word caches of the diagram's last layout: a rounded box per step, an
    arrow between each two, the text in the boxes."""
    box = width // (len(steps) * 3 // 2 + 1)
    gap = (width - box * len(steps)) // max(len(steps) - 1, 1)
    shapes = []
    for index, step in enumerate(steps):
        x = index * (box + gap)
        pres = _guid(10 * index + 5)
        shapes.append(
            f'<dsp:sp modelId="{pres}"><dsp:nvSpPr><dsp:cNvPr id="0" name=""/><dsp:cNvSpPr/>'
            f'</dsp:nvSpPr><dsp:spPr><a:xfrm><a:off x="{x}" y="{height // 4}"/>'
            f'<a:ext cx="{box}" cy="{height // 2}"/></a:xfrm><a:prstGeom prst="roundRect">'
            '<a:avLst><a:gd name="adj" fmla="val 10000"/></a:avLst></a:prstGeom><a:solidFill>'
            '<a:schemeClr val="accent1"><a:hueOff val="0"/><a:satOff val="0"/><a:lumOff val="0"/>'
            '<a:alphaOff val="0"/></a:schemeClr></a:solidFill><a:ln w="12700" cap="flat" '
            'cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="lt1"><a:hueOff val="0"/>'
            '</a:schemeClr></a:solidFill><a:prstDash val="solid"/><a:miter lim="800000"/></a:ln>'
            '<a:effectLst/></dsp:spPr><dsp:style><a:lnRef idx="2"><a:scrgbClr r="0" g="0" b="0"/>'
            '</a:lnRef><a:fillRef idx="1"><a:scrgbClr r="0" g="0" b="0"/></a:fillRef>'
            '<a:effectRef idx="0"><a:scrgbClr r="0" g="0" b="0"/></a:effectRef>'
            '<a:fontRef idx="minor"><a:schemeClr val="lt1"/></a:fontRef></dsp:style>'
            '<dsp:txBody><a:bodyPr spcFirstLastPara="0" vert="horz" wrap="square" lIns="64008" '
            'tIns="64008" rIns="64008" bIns="64008" numCol="1" spcCol="1270" anchor="ctr" '
            'anchorCtr="0"><a:noAutofit/></a:bodyPr><a:lstStyle/><a:p><a:pPr marL="0" lvl="0" '
            'indent="0" algn="ctr" defTabSz="755650"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
            '<a:spcBef><a:spcPct val="0"/></a:spcBef><a:spcAft><a:spcPct val="35000"/></a:spcAft>'
            f'</a:pPr><a:r><a:rPr lang="en-GB" sz="1200" kern="1200" dirty="0"/><a:t>{step}</a:t>'
            f'</a:r></a:p></dsp:txBody><dsp:txXfrm><a:off x="{x}" y="{height // 4}"/>'
            f'<a:ext cx="{box}" cy="{height // 2}"/></dsp:txXfrm></dsp:sp>'
        )
        if index < len(steps) - 1:
            arrow = _guid(10 * index + 6)
            ax = x + box + gap // 4
            shapes.append(
                f'<dsp:sp modelId="{arrow}"><dsp:nvSpPr><dsp:cNvPr id="0" name=""/>'
                "<dsp:cNvSpPr/></dsp:nvSpPr><dsp:spPr><a:xfrm>"
                f'<a:off x="{ax}" y="{height * 2 // 5}"/><a:ext cx="{gap // 2}" '
                f'cy="{height // 5}"/></a:xfrm><a:prstGeom prst="rightArrow"><a:avLst>'
                '<a:gd name="adj1" fmla="val 60000"/><a:gd name="adj2" fmla="val 50000"/>'
                '</a:avLst></a:prstGeom><a:solidFill><a:schemeClr val="accent1">'
                '<a:tint val="60000"/></a:schemeClr></a:solidFill><a:ln><a:noFill/></a:ln>'
                '<a:effectLst/></dsp:spPr><dsp:style><a:lnRef idx="0">'
                '<a:scrgbClr r="0" g="0" b="0"/></a:lnRef><a:fillRef idx="1">'
                '<a:scrgbClr r="0" g="0" b="0"/></a:fillRef><a:effectRef idx="0">'
                '<a:scrgbClr r="0" g="0" b="0"/></a:effectRef><a:fontRef idx="minor">'
                '<a:schemeClr val="lt1"/></a:fontRef></dsp:style><dsp:txBody><a:bodyPr '
                'spcFirstLastPara="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" '
                'bIns="0" numCol="1" spcCol="1270" anchor="ctr" anchorCtr="0"><a:noAutofit/>'
                '</a:bodyPr><a:lstStyle/><a:p><a:endParaRPr lang="en-GB"/></a:p></dsp:txBody>'
                "</dsp:sp>"
            )
    return (
        DECLARATION
        + f'<dsp:drawing xmlns:dgm="{DGM}" xmlns:dsp="{DSP}" xmlns:a="{A}">'
        + '<dsp:spTree><dsp:nvGrpSpPr><dsp:cNvPr id="0" name=""/><dsp:cNvGrpSpPr/>'
        + "</dsp:nvGrpSpPr><dsp:grpSpPr/>"
        + "".join(shapes)
        + "</dsp:spTree></dsp:drawing>"
    ).encode("utf-8")


LAYOUT = (
    DECLARATION
    + f'<dgm:layoutDef xmlns:dgm="{DGM}" xmlns:a="{A}" '
    + 'uniqueId="urn:microsoft.com/office/officeart/2005/8/layout/process1">'
    + '<dgm:title val=""/><dgm:desc val=""/><dgm:catLst><dgm:cat type="process" pri="1000"/>'
    + '</dgm:catLst><dgm:layoutNode name="Name0"><dgm:varLst><dgm:dir/>'
    + '<dgm:resizeHandles val="exact"/></dgm:varLst><dgm:alg type="lin"/>'
    + f'<dgm:shape xmlns:r="{R}" r:blip=""><dgm:adjLst/></dgm:shape><dgm:presOf/>'
    + '<dgm:constrLst><dgm:constr type="w" for="ch" forName="node" refType="w"/>'
    + '<dgm:constr type="h" for="ch" forName="node" refType="w" refFor="ch" refForName="node" '
    + 'fact="0.6"/></dgm:constrLst><dgm:ruleLst/>'
    + '<dgm:forEach name="Name1" axis="ch" ptType="node"><dgm:layoutNode name="node">'
    + '<dgm:varLst><dgm:bulletEnabled val="1"/></dgm:varLst><dgm:alg type="tx"/>'
    + f'<dgm:shape xmlns:r="{R}" type="roundRect" r:blip=""><dgm:adjLst><dgm:adj idx="1" '
    + 'val="0.1"/></dgm:adjLst></dgm:shape><dgm:presOf axis="desOrSelf" ptType="node"/>'
    + '<dgm:constrLst><dgm:constr type="tMarg" refType="primFontSz" fact="0.3"/></dgm:constrLst>'
    + '<dgm:ruleLst><dgm:rule type="primFontSz" val="5" fact="NaN" max="NaN"/></dgm:ruleLst>'
    + "</dgm:layoutNode></dgm:forEach></dgm:layoutNode></dgm:layoutDef>"
).encode("utf-8")

QUICK_STYLE = (
    DECLARATION
    + f'<dgm:styleDef xmlns:dgm="{DGM}" xmlns:a="{A}" '
    + 'uniqueId="urn:microsoft.com/office/officeart/2005/8/quickstyle/simple1">'
    + '<dgm:title val=""/><dgm:desc val=""/><dgm:catLst><dgm:cat type="simple" pri="10100"/>'
    + '</dgm:catLst><dgm:scene3d><a:camera prst="orthographicFront"/>'
    + '<a:lightRig rig="threePt" dir="t"/></dgm:scene3d><dgm:styleLbl name="node1">'
    + '<dgm:scene3d><a:camera prst="orthographicFront"/><a:lightRig rig="threePt" dir="t"/>'
    + '</dgm:scene3d><dgm:sp3d/><dgm:txPr/><dgm:style><a:lnRef idx="2"><a:scrgbClr r="0" '
    + 'g="0" b="0"/></a:lnRef><a:fillRef idx="1"><a:scrgbClr r="0" g="0" b="0"/></a:fillRef>'
    + '<a:effectRef idx="0"><a:scrgbClr r="0" g="0" b="0"/></a:effectRef><a:fontRef '
    + 'idx="minor"><a:schemeClr val="lt1"/></a:fontRef></dgm:style></dgm:styleLbl>'
    + "</dgm:styleDef>"
).encode("utf-8")

COLORS = (
    DECLARATION
    + f'<dgm:colorsDef xmlns:dgm="{DGM}" xmlns:a="{A}" '
    + 'uniqueId="urn:microsoft.com/office/officeart/2005/8/colors/accent1_2">'
    + '<dgm:title val=""/><dgm:desc val=""/><dgm:catLst><dgm:cat type="accent1" pri="11200"/>'
    + '</dgm:catLst><dgm:styleLbl name="node1"><dgm:fillClrLst meth="repeat">'
    + '<a:schemeClr val="accent1"/></dgm:fillClrLst><dgm:linClrLst meth="repeat">'
    + '<a:schemeClr val="lt1"/></dgm:linClrLst><dgm:effectClrLst/><dgm:txLinClrLst/>'
    + '<dgm:txFillClrLst meth="repeat"><a:schemeClr val="lt1"/></dgm:txFillClrLst>'
    + "<dgm:txEffectClrLst/></dgm:styleLbl></dgm:colorsDef>"
).encode("utf-8")


def add_smartart(document, steps: tuple[str, ...] = SMARTART_STEPS) -> None:
    """A "Basic Process" SmartArt in a paragraph of its own, as Word inserts one."""
    part = document.part
    package = part.package
    width, height = 5486400, 1600200  # Word's default: 6 inches by 1.75
    drawing = _part(
        package,
        "/word/diagrams/drawing1.xml",
        "application/vnd.ms-office.drawingml.diagramDrawing+xml",
        _diagram_drawing(steps, width, height),
    )
    drawing_rel = part.relate_to(drawing, MS_RT + "diagramDrawing")
    data = _part(
        package,
        "/word/diagrams/data1.xml",
        CT + "drawingml.diagramData+xml",
        _diagram_data(steps, drawing_rel),
    )
    ids = {
        "dm": part.relate_to(data, RT + "diagramData"),
        "lo": part.relate_to(
            _part(
                package, "/word/diagrams/layout1.xml", CT + "drawingml.diagramLayout+xml", LAYOUT
            ),
            RT + "diagramLayout",
        ),
        "qs": part.relate_to(
            _part(
                package,
                "/word/diagrams/quickStyle1.xml",
                CT + "drawingml.diagramStyle+xml",
                QUICK_STYLE,
            ),
            RT + "diagramQuickStyle",
        ),
        "cs": part.relate_to(
            _part(
                package, "/word/diagrams/colors1.xml", CT + "drawingml.diagramColors+xml", COLORS
            ),
            RT + "diagramColors",
        ),
    }
    relations = " ".join(f'r:{key}="{value}"' for key, value in ids.items())
    graphic = (
        f'<a:graphicData uri="{DGM}"><dgm:relIds xmlns:dgm="{DGM}" xmlns:r="{R}" {relations}/>'
        "</a:graphicData>"
    )
    paragraph = document.add_paragraph()
    paragraph._p.append(parse_xml(_inline((width, height), 101, "Diagram 1", graphic)))


# -- a chart and its workbook -----------------------------------------------------------


def _workbook(series: str, categories: tuple[str, ...], values: tuple[float, ...]) -> bytes:
    """The .xlsx Word keeps a chart's data in (Microsoft_Excel_Worksheet.xlsx): Sheet1 with
    the categories in column A and the series in column B."""
    strings = [series, *categories]
    shared = "".join(f"<si><t>{s}</t></si>" for s in strings)
    rows = ['<row r="1"><c r="B1" t="s"><v>0</v></c></row>']  # A1 empty, as Word leaves it
    for index, value in enumerate(values, 2):
        rows.append(
            f'<row r="{index}"><c r="A{index}" t="s"><v>{index - 1}</v></c>'
            f'<c r="B{index}"><v>{value}</v></c></row>'
        )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            f'ContentType="{CT}spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{CT}spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{CT}spreadsheetml.sharedStrings+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}spreadsheetml.styles+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RT}officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{R}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RT}worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RT}sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{RT}styles" Target="styles.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><dimension ref="A1:B{len(categories) + 1}"/>'
            f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": (
            f'<sst xmlns="{main}" count="{len(strings)}" uniqueCount="{len(strings)}">'
            f"{shared}</sst>"
        ),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{main}"><fonts count="1"><font><sz val="11"/>'
            '<name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill '
            'patternType="none"/></fill></fills><borders count="1"><border/></borders>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellXfs></styleSheet>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            archive.writestr(name, DECLARATION + xml)
    return buffer.getvalue()


def _chart(workbook_rel: str) -> bytes:
    cache = "".join(
        f'<c:pt idx="{i}"><c:v>{name}</c:v></c:pt>' for i, name in enumerate(CHART_CATEGORIES)
    )
    numbers = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(CHART_VALUES))
    last = len(CHART_CATEGORIES) + 1
    text = (
        '<c:txPr><a:bodyPr rot="-60000000" spcFirstLastPara="1" vertOverflow="ellipsis" '
        'vert="horz" wrap="square" anchor="ctr" anchorCtr="1"/><a:lstStyle/><a:p><a:pPr>'
        '<a:defRPr sz="900" b="0" i="0" u="none" strike="noStrike" kern="1200" baseline="0">'
        '<a:solidFill><a:schemeClr val="tx1"><a:lumMod val="65000"/><a:lumOff val="35000"/>'
        '</a:schemeClr></a:solidFill><a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/>'
        '<a:cs typeface="+mn-cs"/></a:defRPr></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>'
    )
    axis = (
        '<c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
        '<c:axPos val="{pos}"/>{grid}<c:numFmt formatCode="General" sourceLinked="1"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        '<c:tickLblPos val="nextTo"/>' + text
    )
    xml = (
        f'<c:chartSpace xmlns:c="{C}" xmlns:a="{A}" xmlns:r="{R}" '
        'xmlns:c16r2="http://schemas.microsoft.com/office/drawing/2015/06/chart">'
        '<c:date1904 val="0"/><c:lang val="en-US"/><c:roundedCorners val="0"/>'
        '<c:chart><c:title><c:tx><c:rich><a:bodyPr rot="0" spcFirstLastPara="1" '
        'vertOverflow="ellipsis" vert="horz" wrap="square" anchor="ctr" anchorCtr="1"/>'
        '<a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="0" i="0" u="none" strike="noStrike" '
        'kern="1200" spc="0" baseline="0"/></a:pPr><a:r><a:rPr lang="en-GB"/>'
        f"<a:t>{CHART_TITLE}</a:t></a:r></a:p></c:rich></c:tx>"
        '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>'
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        '<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>Sheet1!$B$1</c:f>'
        f'<c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>{CHART_SERIES}</c:v></c:pt>'
        '</c:strCache></c:strRef></c:tx><c:spPr><a:solidFill><a:schemeClr val="accent1"/>'
        "</a:solidFill><a:ln><a:noFill/></a:ln><a:effectLst/></c:spPr>"
        '<c:invertIfNegative val="0"/><c:cat><c:strRef>'
        f"<c:f>Sheet1!$A$2:$A${last}</c:f><c:strCache>"
        f'<c:ptCount val="{len(CHART_CATEGORIES)}"/>{cache}</c:strCache></c:strRef></c:cat>'
        f"<c:val><c:numRef><c:f>Sheet1!$B$2:$B${last}</c:f><c:numCache>"
        f'<c:formatCode>General</c:formatCode><c:ptCount val="{len(CHART_VALUES)}"/>{numbers}'
        "</c:numCache></c:numRef></c:val><c:extLst><c:ext "
        'uri="{C3380CC4-5D6E-409C-BE32-E72D297353CC}" '
        'xmlns:c16="http://schemas.microsoft.com/office/drawing/2014/chart">'
        '<c16:uniqueId val="{00000000-6C2E-4B1A-9D3F-1A2B3C4D5E6F}"/></c:ext></c:extLst>'
        '</c:ser><c:dLbls><c:showLegendKey val="0"/><c:showVal val="0"/>'
        '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
        '<c:showBubbleSize val="0"/></c:dLbls><c:gapWidth val="219"/><c:overlap val="-27"/>'
        '<c:axId val="512043128"/><c:axId val="512044768"/></c:barChart>'
        '<c:catAx><c:axId val="512043128"/>'
        + axis.format(pos="b", grid="")
        + '<c:crossAx val="512044768"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="512044768"/>'
        + axis.format(pos="l", grid="<c:majorGridlines/>")
        + '<c:crossAx val="512043128"/><c:crosses val="autoZero"/>'
        '<c:crossBetween val="between"/></c:valAx><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln>'
        '<a:effectLst/></c:spPr></c:plotArea><c:legend><c:legendPos val="b"/>'
        '<c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>'
        '</c:chart><c:spPr><a:solidFill><a:schemeClr val="bg1"/></a:solidFill><a:ln '
        'w="9525" cap="flat" cmpd="sng" algn="ctr"><a:solidFill><a:schemeClr val="tx1">'
        '<a:lumMod val="15000"/><a:lumOff val="85000"/></a:schemeClr></a:solidFill>'
        "<a:round/></a:ln><a:effectLst/></c:spPr><c:txPr><a:bodyPr/><a:lstStyle/><a:p>"
        '<a:pPr><a:defRPr/></a:pPr><a:endParaRPr lang="en-US"/></a:p></c:txPr>'
        f'<c:externalData r:id="{workbook_rel}"><c:autoUpdate val="0"/></c:externalData>'
        "</c:chartSpace>"
    )
    return (DECLARATION + xml).encode("utf-8")


CHART_STYLE = (
    DECLARATION
    + f'<cs:chartStyle xmlns:cs="{CS}" xmlns:a="{A}" id="201">'
    + '<cs:axisTitle><cs:lnRef idx="0"/><cs:fillRef idx="0"/><cs:effectRef idx="0"/>'
    + '<cs:fontRef idx="minor"><a:schemeClr val="tx1"><a:lumMod val="65000"/>'
    + '<a:lumOff val="35000"/></a:schemeClr></cs:fontRef><cs:defRPr sz="1000" kern="1200"/>'
    + '</cs:axisTitle><cs:dataPoint><cs:lnRef idx="0"/><cs:fillRef idx="1">'
    + '<cs:styleClr val="auto"/></cs:fillRef><cs:effectRef idx="0"/><cs:fontRef idx="minor">'
    + '<a:schemeClr val="tx1"/></cs:fontRef><cs:spPr><a:solidFill><a:schemeClr val="phClr"/>'
    + '</a:solidFill></cs:spPr></cs:dataPoint><cs:title><cs:lnRef idx="0"/>'
    + '<cs:fillRef idx="0"/><cs:effectRef idx="0"/><cs:fontRef idx="minor">'
    + '<a:schemeClr val="tx1"><a:lumMod val="65000"/><a:lumOff val="35000"/></a:schemeClr>'
    + '</cs:fontRef><cs:defRPr sz="1400" b="0" kern="1200" spc="0" baseline="0"/></cs:title>'
    + "</cs:chartStyle>"
).encode("utf-8")

CHART_COLORS = (
    DECLARATION
    + f'<cs:colorStyle xmlns:cs="{CS}" xmlns:a="{A}" meth="cycle" id="10">'
    + "".join(f'<a:schemeClr val="accent{n}"/>' for n in range(1, 7))
    + '<cs:variation/><cs:variation><a:lumMod val="60000"/></cs:variation>'
    + "</cs:colorStyle>"
).encode("utf-8")


def add_chart(document) -> None:
    """A clustered column chart inserted in Word (Insert > Chart), with its workbook."""
    part = document.part
    package = part.package
    chart = _part(package, "/word/charts/chart1.xml", CT + "drawingml.chart+xml", b"")
    workbook = _part(
        package,
        "/word/embeddings/Microsoft_Excel_Worksheet.xlsx",
        CT + "spreadsheetml.sheet",
        _workbook(CHART_SERIES, CHART_CATEGORIES, CHART_VALUES),
    )
    chart.relate_to(
        _part(
            package,
            "/word/charts/style1.xml",
            "application/vnd.ms-office.chartstyle+xml",
            CHART_STYLE,
        ),
        MS_RT_2011 + "chartStyle",
    )
    chart.relate_to(
        _part(
            package,
            "/word/charts/colors1.xml",
            "application/vnd.ms-office.chartcolorstyle+xml",
            CHART_COLORS,
        ),
        MS_RT_2011 + "chartColorStyle",
    )
    chart._blob = _chart(chart.relate_to(workbook, RT + "package"))
    rel = part.relate_to(chart, RT + "chart")
    graphic = (
        f'<a:graphicData uri="{C}"><c:chart xmlns:c="{C}" xmlns:r="{R}" r:id="{rel}"/>'
        "</a:graphicData>"
    )
    paragraph = document.add_paragraph()
    paragraph._p.append(parse_xml(_inline((5486400, 3200400), 102, "Chart 1", graphic)))


# -- the report -------------------------------------------------------------------------


def word_report(path: Path) -> Path:
    """Four pages or more: a first page with its own header and footer, then odd and even
    pages with theirs; a SmartArt on the first page, a chart on the second."""
    document = WordDocument()
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    section.different_first_page_header_footer = True
    for kind, (header, footer) in HEADERS.items():
        head = {"first": section.first_page_header, "odd": section.header}.get(
            kind, section.even_page_header
        )
        foot = {"first": section.first_page_footer, "odd": section.footer}.get(
            kind, section.even_page_footer
        )
        head.paragraphs[0].text = header
        foot.paragraphs[0].text = footer
    document.add_heading("Strategy for libraries and leisure", level=1)
    document.add_paragraph("How the strategy will be made:")
    add_smartart(document)
    for number in range(8):
        document.add_paragraph(f"Opening paragraph {number}: " + "The plan in brief. " * 20)
    document.add_heading("The budget", level=2)
    add_chart(document)
    for number in range(30):
        document.add_paragraph(f"Body paragraph {number}: " + "Spending and savings. " * 20)
    document.save(path)
    return path
