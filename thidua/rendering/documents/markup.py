"""The Markdown and HTML templates of the documents, written from their outlines (`outline.py`).

The templates run with `trim_blocks` and `lstrip_blocks` (see `render.environment`), so a line
holding only a `{% ... %}` tag leaves nothing in the output. In Markdown every block starts with
a blank line; in HTML every block is one element a line.
"""

from __future__ import annotations

from typing import Callable, Dict, Iterable, Sequence

from thidua.rendering.documents import outline as o
from thidua.rendering.documents.context import BLANK

MARKDOWN, HTML = "md", "html"
FORMATS = (MARKDOWN, HTML)

STYLE = """\
<style>
  /* Nghị định 30/2020/NĐ-CP, Phụ lục I: A4, margins 20/15/20/30 mm, Times New Roman 13-14. */
  @page { size: A4; margin: 20mm 15mm 20mm 30mm; }
  @page :first { @top-center { content: none; } }
  @page { @top-center { content: counter(page); font: 13pt "Times New Roman", "Liberation Serif", serif; } }
  html { background: #eee; }
  body { font: 14pt/1.25 "Times New Roman", "Liberation Serif", "Tinos", serif; color: #000;
         width: 165mm; margin: 10mm auto; padding: 20mm 15mm 20mm 30mm; background: #fff; }
  @media print { html { background: none; } body { width: auto; margin: 0; padding: 0; } }
  table.heading { width: 100%; border-collapse: collapse; margin-bottom: 18pt; }
  table.heading td { vertical-align: top; text-align: center; padding: 0; }
  td.issuer { width: 40%; font-size: 12pt; font-weight: bold; }
  td.nation { font-size: 13pt; font-weight: bold; }
  .motto { font-size: 14pt; font-weight: bold; text-decoration: underline; }
  .rule { width: 30%; margin: 2pt auto 0; border-top: 1px solid #000; }
  td.number { font-size: 13pt; padding-top: 6pt; }
  td.place-date { font-style: italic; padding-top: 6pt; }
  h1 { font-size: 14pt; text-align: center; margin: 0; }
  .summary-line { font-weight: bold; text-align: center; margin: 0; }
  .summary-line + .rule { width: 25%; margin: 4pt auto 12pt; }
  .addressee { text-align: center; margin: 6pt 0; }
  p { text-align: justify; text-indent: 1cm; margin: 0 0 6pt; }
  h2, h3, h4 { font-size: 14pt; text-align: justify; text-indent: 1cm; margin: 6pt 0; page-break-after: avoid; }
  h4 { font-style: italic; }
  p.note { font-size: 12pt; font-style: italic; }
  table.grid { width: 100%; border-collapse: collapse; font-size: 12pt; margin: 6pt 0; }
  table.grid th, table.grid td { border: 1px solid #000; padding: 2pt 3pt; text-align: center; }
  table.grid td.unit { text-align: left; }
  table.grid thead { display: table-header-group; }
  table.sign { width: 100%; border-collapse: collapse; margin-top: 12pt; page-break-inside: avoid; }
  table.sign td { vertical-align: top; padding: 0; }
  td.recipients { width: 38%; font-size: 11pt; }
  td.recipients b { font-size: 12pt; font-style: italic; }
  td.signer { text-align: center; font-weight: bold; }
  .signer .unit { font-size: 13pt; }
  .signer .name { margin-top: 70pt; }
  .annex { page-break-before: always; text-align: center; }
  .annex.alone { page-break-before: auto; }
  .supervisor { font-weight: normal; }
  .annex p { text-align: center; text-indent: 0; }
</style>
"""
"""The HTML form's page and paragraph styles (the Word form's are `word.PARAGRAPH_STYLES`)."""


def _tag(statement: str) -> str:
    return "{% " + statement + " %}\n"


class _Form:
    """One text format: how each kind of block is written. `If` and `For` are the same Jinja tags
    in both; the shared parts are includes of their partial."""

    fmt = ""

    def blocks(self, blocks: Iterable[o.Block]) -> str:
        return "".join(self.block(b) for b in blocks)

    def block(self, block: o.Block) -> str:
        if isinstance(block, o.If):
            return _tag(f"if {block.condition}") + self.blocks(block.body) + _tag("endif")
        if isinstance(block, o.For):
            return _tag(f"for {block.loop}") + self.blocks(block.body) + _tag("endfor")
        if isinstance(block, (o.Header, o.Signature, o.Scores)):
            return self.include(block.partial)
        if isinstance(block, o.Annex):
            return self.annex(block, self.blocks(block.body))
        write = {o.Heading: self.heading, o.Para: self.para, o.Each: self.each,
                 o.MinutesSignature: self.minutes_signature, o.Grid: self.grid,
                 o.PairSignatures: self.pair_signatures}.get(type(block))
        if write is None:
            raise TypeError(f"no {self.fmt} form for {block!r}")
        return write(block)

    def include(self, partial: str) -> str:
        return _tag(f'include "{partial}.{self.fmt}.j2"')

    def each(self, block: o.Each) -> str:
        return _tag(f"for {block.loop}") + self.para(o.Para(block.text, block.style)) + _tag("endfor")

    def scores(self, block: o.Scores) -> str:
        """The score table's partial: the table, then its notes."""
        return self.score_table(o.SCORE_COLUMNS) + self.each(o.SCORE_NOTES)

    def grid(self, block: o.Grid) -> str:
        return ("\n" if self.fmt == MARKDOWN else "") + self.score_table(block.columns, block.loop)

    def partials(self) -> Dict[type, Callable[..., str]]:
        return {o.Header: self.header, o.Signature: self.signature, o.Scores: self.scores}


class Markdown(_Form):
    """Every block starts with a blank line."""

    fmt = MARKDOWN
    PARA = {"body": "{}", "closing": "{}", "addressee": "{}", "note": "*{}*"}
    ALIGN = {"number": "---:", "name": "---", "text": "---"}

    def include(self, partial: str) -> str:
        return "\n" + super().include(partial)

    def heading(self, block: o.Heading) -> str:
        return f"\n{'#' * block.level} {block.text}\n"

    def para(self, block: o.Para) -> str:
        return "\n" + self.PARA[block.style].format(block.text) + "\n"

    def each(self, block: o.Each) -> str:
        if block.tight:
            return "\n" + _tag(f"for {block.loop}") + block.text + "\n" + _tag("endfor")
        return super().each(block)

    def annex(self, block: o.Annex, body: str) -> str:
        rule = "\n---\n" if block.page_break else ""
        return f"{rule}\n## {block.title}: {block.markdown_caption}\n\n*{block.ref}*\n" + body

    def minutes_signature(self, block: o.MinutesSignature) -> str:
        left = f": **{{{{ {block.left_name} or \"{BLANK}\" }}}}**" if block.left_name else ""
        return ((f"\n**{block.secretary}**{left}\n" if block.secretary else "") + "\n"
                f"**{{{{ signature.on_behalf }}}}**: **{{{{ signature.name or \"{BLANK}\" }}}}**\n")

    def pair_signatures(self, block: o.PairSignatures) -> str:
        side = ("**{{{{ row.{0}.unit }}}}**  \n**{{{{ row.{0}.position }}}}**\n\n"
                "**{{{{ row.{0}.name or \"" + BLANK + "\" }}}}**\n")
        return (_tag(f"for {block.loop}") + "\n" + side.format("left")
                + _tag("if row.right.unit") + "\n" + side.format("right") + _tag("endif") + _tag("endfor"))

    def header(self, block: o.Header) -> str:
        """Column by column: the issuing body and the number, then the nation, the motto, the place and date."""
        return (_tag("if heading.supervisor") + "{{ heading.supervisor }}  \n" + _tag("endif")
                + "**{{ heading.issuer }}**{{ ('  \\n' + heading.number) if heading.number else '' }}\n\n"
                "**{{ heading.nation }}**  \n**{{ heading.motto }}**\n\n"
                "*{{ heading.place_date }}*\n\n"
                "# {{ heading.doc_word }}\n\n**{{ heading.summary_line }}**\n")

    def signature(self, block: o.Signature) -> str:
        return ("**{{ signature.on_behalf }}**  \n"
                + _tag("if signature.deputy") + "**{{ signature.deputy }}**  \n" + _tag("endif")
                + "**{{ signature.role }}**  \n**{{ signature.unit }}**"
                + _tag("if signature.position") + "  \n**{{ signature.position }}**" + _tag("endif")
                + "\n\n"
                f"**{{{{ signature.name or \"{BLANK}\" }}}}**\n"
                + _tag("if signature.recipients")
                + f"\n***{block.recipients_title}***\n\n"
                + _tag("for r in signature.recipients") + "{{ r }}\n" + _tag("endfor")
                + _tag("endif"))

    def score_table(self, columns: Sequence[o.ScoreColumn], loop: str = o.SCORE_ROW) -> str:
        cells = [f"{{{{ {c.cell} }}}}" if c.kind == "number" else f"{{{{ {c.cell}|md_cell }}}}" for c in columns]
        return ("| " + " | ".join(c.head for c in columns) + " |\n"
                + "|" + "|".join(self.ALIGN[c.kind] for c in columns) + "|\n"
                + _tag(f"for {loop}") + "| " + " | ".join(cells) + " |\n" + _tag("endfor"))

    def document(self, doc: o.Outline) -> str:
        return self.blocks(doc.blocks)[1:]  # no blank line before the first block


class Html(_Form):
    """Every block is one element a line."""

    fmt = HTML
    PARA = {"body": "<p>{}</p>", "closing": "<p>{}</p>", "addressee": '<p class="addressee">{}</p>',
            "note": '<p class="note">{}</p>'}

    def heading(self, block: o.Heading) -> str:
        return f"<h{block.level}>{block.text}</h{block.level}>\n"

    def para(self, block: o.Para) -> str:
        return self.PARA[block.style].format(block.text) + "\n"

    def annex(self, block: o.Annex, body: str) -> str:
        css = "annex" if block.page_break else "annex alone"
        return (f'<div class="{css}">\n<p><b>{block.title}</b></p>\n<p><b>{"<br>".join(block.caption)}</b></p>\n'
                f"<p><i>{block.ref}</i></p>\n" + body + "</div>\n")

    def minutes_signature(self, block: o.MinutesSignature) -> str:
        return ('<table class="sign">\n  <tr>\n'
                f'    <td class="signer">{block.secretary}<div class="name">'
                + (f"{{{{ {block.left_name} }}}}" if block.left_name else "") + '</div></td>\n'
                '    <td class="signer">{{ signature.on_behalf }}<div class="name">{{ signature.name }}</div></td>\n'
                "  </tr>\n</table>\n")

    def pair_signatures(self, block: o.PairSignatures) -> str:
        cell = ('    <td class="signer">{{{{ row.{0}.unit }}}}<br>{{{{ row.{0}.position }}}}'
                '<div class="name">{{{{ row.{0}.name }}}}</div></td>\n')
        return ('<table class="sign">\n' + _tag(f"for {block.loop}") + "  <tr>\n" + cell.format("left")
                + cell.format("right") + "  </tr>\n" + _tag("endfor") + "</table>\n")

    def header(self, block: o.Header) -> str:
        return ('<table class="heading">\n  <tr>\n'
                '    <td class="issuer">{% if heading.supervisor %}<span class="supervisor">{{ heading.supervisor }}'
                '</span><br>{% endif %}{{ heading.issuer }}<div class="rule"></div></td>\n'
                '    <td class="nation">{{ heading.nation }}<br><span class="motto">{{ heading.motto }}</span></td>\n'
                '  </tr>\n  <tr>\n'
                '    <td class="number">{{ heading.number }}</td>\n'
                '    <td class="place-date">{{ heading.place_date }}</td>\n'
                '  </tr>\n</table>\n'
                '<h1>{{ heading.doc_word }}</h1>\n'
                '<p class="summary-line">{{ heading.summary_line }}</p>\n'
                '<div class="rule"></div>\n')

    def signature(self, block: o.Signature) -> str:
        return ('<table class="sign">\n  <tr>\n    <td class="recipients">\n'
                "      " + _tag("if signature.recipients")
                + f"      <b>{block.recipients_title}</b><br>\n"
                + "      " + _tag("for r in signature.recipients") + "      {{ r }}<br>\n"
                + "      " + _tag("endfor") + "      " + _tag("endif")
                + "    </td>\n"
                '    <td class="signer">\n'
                "      {{ signature.on_behalf }}<br>\n"
                "      " + _tag("if signature.deputy") + "      {{ signature.deputy }}<br>\n" + "      " + _tag("endif")
                + "      {{ signature.role }}<br>\n"
                '      <span class="unit">{{ signature.unit }}</span>\n'
                "      " + _tag("if signature.position") + "      <br>{{ signature.position }}\n" + "      "
                + _tag("endif") +
                '      <div class="name">{{ signature.name }}</div>\n'
                "    </td>\n  </tr>\n</table>\n")

    def score_table(self, columns: Sequence[o.ScoreColumn], loop: str = o.SCORE_ROW) -> str:
        cells = "".join(('<td class="unit">' if c.kind == "name" else "<td>") + f"{{{{ {c.cell} }}}}</td>"
                        for c in columns)
        return ('<table class="grid">\n  <thead>\n'
                "    <tr>" + "".join(f"<th>{c.head}</th>" for c in columns) + "</tr>\n"
                "  </thead>\n  <tbody>\n"
                "    " + _tag(f"for {loop}") + f"    <tr>{cells}</tr>\n" + "    " + _tag("endfor")
                + "  </tbody>\n</table>\n")

    def document(self, doc: o.Outline) -> str:
        return ('<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
                "<title>{{ title }}</title>\n" + self.include("_style") + "</head>\n<body>\n"
                + self.blocks(doc.blocks) + "</body>\n</html>\n")


FORMS = {MARKDOWN: Markdown(), HTML: Html()}


# --- files ----------------------------------------------------------------------------------

def _comment(doc: o.Outline) -> str:
    return (f"{{# {doc.what}: the context is {doc.context} in thidua/rendering/documents/{doc.module}.py. "
            "Made from thidua/rendering/documents/outline.py by scripts/make_templates.py. #}\n")


def document(doc: o.Outline, fmt: str) -> str:
    """The template of one document: `bao-cao.md.j2` or `bao-cao.html.j2`."""
    return _comment(doc) + FORMS[fmt].document(doc)


def files(outlines: Iterable[o.Outline] = o.OUTLINES) -> Dict[str, str]:
    """Every Markdown and HTML template, by file name: the documents and the partials they include."""
    out: Dict[str, str] = {}
    for doc in outlines:
        for fmt, form in FORMS.items():
            out[f"{doc.name}.{fmt}.j2"] = document(doc, fmt)
            for block in o.walk(doc.blocks):
                write = form.partials().get(type(block))
                if write:
                    out[f"{block.partial}.{fmt}.j2"] = write(block)
    out["_style.html.j2"] = STYLE
    return dict(sorted(out.items()))
