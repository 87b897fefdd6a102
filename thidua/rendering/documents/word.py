"""The Word templates of `thidua report` (templates/*.docx), written from the outlines with python-docx.

The templates follow Nghị định 30/2020/NĐ-CP, Phụ lục I: A4; Times New Roman; margins 20/20/30/15 mm;
the two-column header without borders; the italic place-and-date line; the title and its summary
line in bold; a justified body with a 1 cm first-line indent; page numbers at the top centre from
page 2; the signature block and "Nơi nhận:". The Jinja tags inside (docxtpl syntax: `{%p ... %}` for
paragraphs, `{%tr ... %}` for table rows) place what `context.py` computes. A clerk may edit the
wording in Word and keep the file in the bloc's own `templates/` folder.

Imported only by `scripts/make_templates.py` and the tests, never when rendering a report.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Dict

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from thidua.rendering.documents import outline as o

FONT = "Times New Roman"
TEXT_WIDTH = Mm(210 - 30 - 15)

J = WD_ALIGN_PARAGRAPH.JUSTIFY
C = WD_ALIGN_PARAGRAPH.CENTER
L = WD_ALIGN_PARAGRAPH.LEFT

# name: (size, bold, italic, alignment, first-line indent cm, space before pt, space after pt, keep with next)
PARAGRAPH_STYLES = {
    "TD Body": (14, False, False, J, 1.0, 0, 6, False),
    "TD Section": (14, True, False, J, 1.0, 6, 6, True),
    "TD Subsection": (14, True, False, J, 1.0, 0, 6, True),
    "TD Unit": (14, True, True, J, 1.0, 0, 6, True),
    "TD Supervisor": (12, False, False, C, 0, 0, 0, False),
    "TD Issuer": (12, True, False, C, 0, 0, 0, False),
    "TD Nation": (13, True, False, C, 0, 0, 0, False),
    "TD Motto": (14, True, False, C, 0, 0, 0, False),
    "TD Number": (13, False, False, C, 0, 6, 0, False),
    "TD Place date": (14, False, True, C, 0, 6, 0, False),
    "TD Doc word": (14, True, False, C, 0, 24, 0, True),
    "TD Summary line": (14, True, False, C, 0, 0, 0, True),
    "TD Addressee": (14, False, False, C, 0, 6, 6, True),
    "TD Rule": (3, False, False, C, 0, 2, 10, False),
    "TD Closing": (14, False, False, J, 1.0, 0, 12, True),
    "TD Recipients title": (12, True, True, L, 0, 6, 0, False),
    "TD Recipients": (11, False, False, L, 0, 0, 0, False),
    "TD Sign title": (14, True, False, C, 0, 0, 0, False),
    "TD Sign unit": (13, True, False, C, 0, 0, 0, False),
    "TD Sign name": (14, True, False, C, 0, 78, 0, False),
    "TD Table": (12, False, False, C, 0, 2, 2, False),
    "TD Table left": (12, False, False, L, 0, 2, 2, False),
    "TD Table head": (12, True, False, C, 0, 2, 2, False),
    "TD Note": (12, False, True, J, 1.0, 3, 3, False),
    "TD Annex": (14, True, False, C, 0, 0, 0, True),
    "TD Annex ref": (14, False, True, C, 0, 0, 12, True),
}


# --- low-level helpers -----------------------------------------------------------------

def _set_fonts(rpr, size=None) -> None:
    """Times New Roman for every script (no theme fonts), Vietnamese language."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(size * 2))


def _doc_defaults(doc) -> None:
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default, 14)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr(), 14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # Word's built-in table style keeps its own font otherwise.
    for name in ("Table Grid", "Normal Table"):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        _set_fonts(style.element.get_or_add_rPr())


def _styles(doc) -> None:
    for name, (size, bold, italic, align, indent, before, after, keep) in PARAGRAPH_STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = doc.styles["Normal"]
        style.quick_style = True
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        _set_fonts(style.element.get_or_add_rPr(), size)
        fmt = style.paragraph_format
        fmt.alignment = align
        fmt.first_line_indent = Cm(indent) if indent else None
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.keep_with_next = keep
        fmt.widow_control = True
    doc.styles["TD Body"].paragraph_format.line_spacing = 1.1


def _page(section) -> None:
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    section.different_first_page_header_footer = True


def _page_number_header(section) -> None:
    """Centre page number in the header of pages 2 and after (the first page's header stays empty)."""
    para = section.header.paragraphs[0]
    para.alignment = C
    run = para.add_run()
    _set_fonts(run._r.get_or_add_rPr(), 13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    section.first_page_header.paragraphs[0].text = ""


TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
               "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook")


def _put(tbl_pr, element) -> None:
    """Add a table property where the schema wants it (Word rejects elements out of order)."""
    name = element.tag.split("}")[1]
    old = tbl_pr.find(qn(f"w:{name}"))
    if old is not None:
        tbl_pr.remove(old)
    rank = TBLPR_ORDER.index(name)
    for index, child in enumerate(tbl_pr):
        child_name = child.tag.split("}")[1]
        if child_name in TBLPR_ORDER and TBLPR_ORDER.index(child_name) > rank:
            tbl_pr.insert(index, element)
            return
    tbl_pr.append(element)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    _put(table._tbl.tblPr, borders)


def _fixed(table, widths_cm, indent_cm=None, cell_margin_cm=0.1) -> None:
    """Fixed column widths; centred, or shifted by `indent_cm` from the left margin."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    if indent_cm is None:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    else:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), str(int(Cm(indent_cm).twips)))
        ind.set(qn("w:type"), "dxa")
        _put(tbl_pr, ind)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _put(tbl_pr, layout)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(int(Cm(cell_margin_cm).twips)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    _put(tbl_pr, margins)
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(int(Cm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def _cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    tr_pr.append(el)


def _header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    tr_pr.append(el)


def _rule(paragraph, length_cm: float, width_cm: float) -> None:
    """A short solid line under a centred text: the bottom border of a small, indented, empty paragraph."""
    side = max((width_cm - length_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    line = OxmlElement("w:bottom")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), "6")
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), "auto")
    bdr.append(line)
    ppr.insert(0, bdr) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(bdr)


def _cell_para(cell, text: str, style: str, first: bool = False, underline: bool = False):
    para = cell.paragraphs[0] if first else cell.add_paragraph()
    para.style = style
    if text:
        run = para.add_run(text)
        if underline:
            run.underline = True
    return para


class Builder:
    """A document under construction: paragraphs with a style, tables, the fixed parts."""

    def __init__(self) -> None:
        self.doc = Document()
        _doc_defaults(self.doc)
        _styles(self.doc)
        section = self.doc.sections[0]
        _page(section)
        _page_number_header(section)
        body = self.doc.element.body
        for p in list(body.iterchildren(qn("w:p"))):
            body.remove(p)

    def p(self, text: str = "", style: str = "TD Body"):
        para = self.doc.add_paragraph(style=style)
        if text:
            para.add_run(text)
        return para

    def tag(self, text: str) -> None:
        """A paragraph holding only a docxtpl block tag ({%p ... %}); docxtpl removes it."""
        self.p(text, "TD Body")

    def each(self, loop: str, text: str, style: str = "TD Body") -> None:
        """One paragraph per item: {%p for ... %} / the paragraph / {%p endfor %}."""
        self.tag("{%p for " + loop + " %}")
        self.p(text, style)
        self.tag("{%p endfor %}")

    def header(self, left_width: float = 6.8, right_width: float = 10.2, indent: float = -0.3) -> None:
        """The two-column header of Nghị định 30, without borders (a little wider than the text,
        so that the issuing body breaks after a whole phrase and the national name fits one line)."""
        table = self.doc.add_table(rows=2, cols=2)
        _no_borders(table)
        _fixed(table, (left_width, right_width), indent_cm=indent)
        top_left, top_right = table.rows[0].cells
        _cell_para(top_left, "{%p if heading.supervisor %}", "TD Supervisor", first=True)
        _cell_para(top_left, "{{ heading.supervisor }}", "TD Supervisor")
        _cell_para(top_left, "{%p endif %}", "TD Supervisor")
        _cell_para(top_left, "{{ heading.issuer }}", "TD Issuer")
        _rule(_cell_para(top_left, "", "TD Rule"), 2.4, left_width - 0.2)
        _cell_para(top_right, "{{ heading.nation }}", "TD Nation", first=True)
        _cell_para(top_right, "{{ heading.motto }}", "TD Motto", underline=True)
        bottom_left, bottom_right = table.rows[1].cells
        _cell_para(bottom_left, "{{ heading.number }}", "TD Number", first=True)
        _cell_para(bottom_right, "{{ heading.place_date }}", "TD Place date", first=True)
        for cell in table.rows[0].cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP

    def title(self) -> None:
        self.p("{{ heading.doc_word }}", "TD Doc word")
        self.p("{{ heading.summary_line }}", "TD Summary line")
        _rule(self.p("", "TD Rule"), 4.0, TEXT_WIDTH.cm)

    def _signature_cells(self, left_width: float):
        """The two cells of a borderless signature table that does not break across pages."""
        table = self.doc.add_table(rows=1, cols=2)
        _no_borders(table)
        _fixed(table, (left_width, TEXT_WIDTH.cm - left_width), indent_cm=0)
        _cant_split(table.rows[0])
        return table.rows[0].cells

    def signature(self, left_title: str) -> None:
        """'Nơi nhận:' on the left, the signature block on the right."""
        left, right = self._signature_cells(6.0)
        _cell_para(left, left_title, "TD Recipients title", first=True)
        self._cell_each(left, "r in signature.recipients", "{{ r }}", "TD Recipients")
        _cell_para(right, "{{ signature.on_behalf }}", "TD Sign title", first=True)
        self._cell_if(right, "signature.deputy", "{{ signature.deputy }}", "TD Sign title")
        _cell_para(right, "{{ signature.role }}", "TD Sign title")
        self._cell_each(right, "line in signature.unit_lines", "{{ line }}", "TD Sign unit")
        self._cell_if(right, "signature.position", "{{ signature.position }}", "TD Sign unit")
        _cell_para(right, "{{ signature.name }}", "TD Sign name")

    def minutes_signature(self, secretary: str, left_name: str = "secretary_name") -> None:
        """The secretary on the left, the chair of the meeting on the right."""
        left, right = self._signature_cells(7.5)
        _cell_para(left, secretary, "TD Sign title", first=True)
        _cell_para(left, "{{ " + left_name + " }}" if left_name else "", "TD Sign name")
        _cell_para(right, "{{ signature.on_behalf }}", "TD Sign title", first=True)
        _cell_para(right, "{{ signature.name }}", "TD Sign name")

    def pair_signatures(self, loop: str) -> None:
        """A borderless table of two signature blocks a row: the covenant's members."""
        table = self.doc.add_table(rows=3, cols=2)
        _no_borders(table)
        half = TEXT_WIDTH.cm / 2
        _fixed(table, (half, half), indent_cm=0)
        opening, item, closing = table.rows
        _cell_para(opening.cells[0], "{%tr for " + loop + " %}", "TD Sign title", first=True)
        _cant_split(item)
        for cell, side in zip(item.cells, ("left", "right")):
            _cell_para(cell, "{%p for line in row." + side + ".unit_lines %}", "TD Sign unit", first=True)
            _cell_para(cell, "{{ line }}", "TD Sign unit")
            _cell_para(cell, "{%p endfor %}", "TD Sign unit")
            _cell_para(cell, "{{ row." + side + ".position }}", "TD Sign title")
            _cell_para(cell, "{{ row." + side + ".name }}", "TD Sign name")
        _cell_para(closing.cells[0], "{%tr endfor %}", "TD Sign title", first=True)

    def _cell_if(self, cell, condition: str, text: str, style: str) -> None:
        _cell_para(cell, "{%p if " + condition + " %}", style)
        _cell_para(cell, text, style)
        _cell_para(cell, "{%p endif %}", style)

    def _cell_each(self, cell, loop: str, text: str, style: str) -> None:
        _cell_para(cell, "{%p for " + loop + " %}", style)
        _cell_para(cell, text, style)
        _cell_para(cell, "{%p endfor %}", style)

    def grid(self, heads, cells, widths, loop: str, left_columns=(1,)) -> None:
        """A bordered table: a header row repeated on each page, then one row per item.

        docxtpl replaces a row holding `{%tr ... %}` by the bare tag, so the loop's opening and
        closing tags sit in rows of their own around the templated row.
        """
        table = self.doc.add_table(rows=4, cols=len(heads))
        table.style = self.doc.styles["Table Grid"]
        _fixed(table, widths)
        head, opening, item, closing = table.rows
        _header_row(head)
        for cell, text in zip(head.cells, heads):
            _cell_para(cell, text, "TD Table head", first=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cell_para(opening.cells[0], "{%tr for " + loop + " %}", "TD Table", first=True)
        _cant_split(item)
        for n, (cell, text) in enumerate(zip(item.cells, cells)):
            _cell_para(cell, text, "TD Table left" if n in left_columns else "TD Table", first=True)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _cell_para(closing.cells[0], "{%tr endfor %}", "TD Table", first=True)

    def to_bytes(self) -> bytes:
        props = self.doc.core_properties
        props.author = props.last_modified_by = "thidua"
        props.title = "{{ title }}"
        props.language = "vi-VN"
        props.created = props.modified = FIXED_TIME
        props.revision = 1
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return _reproducible_zip(buffer.getvalue())


FIXED_TIME = dt.datetime(2020, 1, 1)


def _reproducible_zip(data: bytes) -> bytes:
    """The same bytes on every run: fixed entry dates, so a regenerated template shows no diff."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


# --- from the outline -----------------------------------------------------------------

HEADING_STYLES = {2: "TD Section", 3: "TD Subsection", 4: "TD Unit"}
PARAGRAPH_STYLE = {"body": "TD Body", "closing": "TD Closing", "note": "TD Note", "addressee": "TD Addressee"}


def _grid(b: Builder, columns, loop: str) -> None:
    b.grid([c.head for c in columns], ["{{ " + c.cell + " }}" for c in columns], [c.width_cm for c in columns],
           loop, left_columns=[n for n, c in enumerate(columns) if c.kind == "name"])


def _write(b: Builder, block: o.Block) -> None:
    if isinstance(block, o.Heading):
        b.p(block.text, HEADING_STYLES[block.level])
    elif isinstance(block, o.Para):
        b.p(block.text, PARAGRAPH_STYLE[block.style])
    elif isinstance(block, o.Each):
        b.each(block.loop, block.text, PARAGRAPH_STYLE[block.style])
    elif isinstance(block, (o.If, o.For)):
        opening = f"if {block.condition}" if isinstance(block, o.If) else f"for {block.loop}"
        b.tag("{%p " + opening + " %}")
        for inner in block.body:
            _write(b, inner)
        b.tag("{%p end" + opening.split()[0] + " %}")
    elif isinstance(block, o.Header):
        b.header()
        b.title()
    elif isinstance(block, o.Signature):
        b.signature(block.recipients_title)
    elif isinstance(block, o.MinutesSignature):
        b.minutes_signature(block.secretary, block.left_name)
    elif isinstance(block, o.Scores):
        _grid(b, o.SCORE_COLUMNS, o.SCORE_ROW)
        _write(b, o.SCORE_NOTES)
    elif isinstance(block, o.Grid):
        _grid(b, block.columns, block.loop)
    elif isinstance(block, o.PairSignatures):
        b.pair_signatures(block.loop)
    elif isinstance(block, o.Annex):
        b.p(block.title, "TD Annex").paragraph_format.page_break_before = block.page_break
        for line in block.caption:
            b.p(line, "TD Annex")
        b.p(block.ref, "TD Annex ref")
        for inner in block.body:
            _write(b, inner)
    else:
        raise TypeError(f"no Word form for {block!r}")


def document(doc: o.Outline) -> bytes:
    """The Word template of one document (the same bytes on every run)."""
    b = Builder()
    for block in doc.blocks:
        _write(b, block)
    return b.to_bytes()


def files(outlines=o.OUTLINES) -> Dict[str, bytes]:
    """Every Word template, by file name."""
    return {f"{doc.name}.docx": document(doc) for doc in outlines}
