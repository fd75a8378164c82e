/**
 * A small page layout over pdf-lib for the printed-style vouchers: a cursor running down A4 pages, centred text,
 * text wrapped to a width (pdf-lib measures but does not wrap), and ruled table rows whose cells wrap.
 */
import { PageSizes, rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

export const A4 = PageSizes.A4 as [number, number];
export const MARGIN = 48;
export const CONTENT_WIDTH = A4[0] - 2 * MARGIN;
const BOTTOM = MARGIN;

export const INK = rgb(0, 0, 0);
export const GREY = rgb(0.35, 0.35, 0.35);
const RULE = rgb(0.45, 0.45, 0.45);
const LABEL_FILL = rgb(0.94, 0.94, 0.94);

/** One cell of a table row: its text, width, and whether it is a label (shaded) or centred. */
export interface Cell {
  text: string;
  width: number;
  label?: boolean;
  centre?: boolean;
  size?: number;
}

const PAD_X = 5;
const PAD_Y = 3;
const lineHeight = (size: number) => size * 1.4;

export class Sheet {
  page: PDFPage;
  /** the top of what is drawn next */
  y: number;

  constructor(
    private readonly doc: PDFDocument,
    readonly font: PDFFont,
  ) {
    this.page = doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Starts a new page unless `height` still fits above the bottom margin; says whether it did. */
  ensure(height: number): boolean {
    if (this.y - height >= BOTTOM) return false;
    this.page = this.doc.addPage(A4);
    this.y = A4[1] - MARGIN;
    return true;
  }

  width(text: string, size: number): number {
    return this.font.widthOfTextAtSize(text, size);
  }

  /**
   * Lines of `text` no wider than `width`, on its own newlines too. Chinese breaks between any two characters; a run of
   * Latin letters, digits and their punctuation (9:00-12:00, a case number) stays whole unless it alone is too wide
   * (an address), and a line does not start with a space.
   */
  wrap(text: string, size: number, width: number): string[] {
    const out: string[] = [];
    for (const para of text.split('\n')) {
      let line = '';
      for (const token of para.match(/[\x21-\x7e]+|./gu) ?? []) {
        if (this.width(line + token, size) <= width) line += token;
        else if (this.width(token, size) <= width) {
          if (line) out.push(line.trimEnd());
          line = token.trimStart();
        } else {
          for (const ch of Array.from(token)) {
            if (line && this.width(line + ch, size) > width) {
              out.push(line.trimEnd());
              line = ch.trimStart();
            } else line += ch;
          }
        }
      }
      out.push(line);
    }
    return out;
  }

  /** Draws one line with its top at `top` (the baseline is placed from the font size). */
  text(text: string, x: number, top: number, size: number, color: RGB = INK): void {
    if (text) this.page.drawText(text, { x, y: top - size * 0.88, size, font: this.font, color });
  }

  /** A line centred on the page at the cursor, which moves below it. */
  centred(text: string, size: number, color: RGB = INK, gap = 6): void {
    this.ensure(lineHeight(size));
    this.text(text, (A4[0] - this.width(text, size)) / 2, this.y, size, color);
    this.y -= lineHeight(size) + gap;
  }

  /** Wrapped text from `x` across `width` at the cursor, which moves below it; returns the height used. */
  paragraph(text: string, x: number, width: number, size: number, color: RGB = INK): number {
    const lines = this.wrap(text, size, width);
    const h = lines.length * lineHeight(size);
    this.ensure(h);
    lines.forEach((l, i) => this.text(l, x, this.y - i * lineHeight(size), size, color));
    this.y -= h;
    return h;
  }

  /** The height a row of cells needs at this size. */
  rowHeight(cells: Cell[], size: number): number {
    const lines = Math.max(...cells.map((c) => this.wrap(c.text, c.size ?? size, c.width - 2 * PAD_X).length));
    return lines * lineHeight(size) + 2 * PAD_Y;
  }

  /** A ruled table row from `x` at the cursor (on a new page when it does not fit); the cursor moves below it. */
  row(cells: Cell[], size: number, x = MARGIN): void {
    const h = this.rowHeight(cells, size);
    this.ensure(h);
    let left = x;
    for (const c of cells) {
      const s = c.size ?? size;
      this.page.drawRectangle({
        x: left, y: this.y - h, width: c.width, height: h, borderColor: RULE, borderWidth: 0.6, ...(c.label ? { color: LABEL_FILL } : {}),
      });
      const lines = this.wrap(c.text, s, c.width - 2 * PAD_X);
      lines.forEach((l, i) => {
        const lx = c.centre ? left + (c.width - this.width(l, s)) / 2 : left + PAD_X;
        this.text(l, lx, this.y - PAD_Y - i * lineHeight(s) - (lineHeight(s) - s) / 2, s, c.label ? GREY : INK);
      });
      left += c.width;
    }
    this.y -= h;
  }

  /** A section heading: bold-looking by a rule under it. */
  heading(text: string, size = 11.5): void {
    this.ensure(lineHeight(size) + 40);
    this.y -= 8;
    this.text(text, MARGIN, this.y, size);
    this.y -= lineHeight(size);
    this.page.drawLine({ start: { x: MARGIN, y: this.y + 1 }, end: { x: MARGIN + CONTENT_WIDTH, y: this.y + 1 }, thickness: 0.8, color: INK });
    this.y -= 4;
  }
}
