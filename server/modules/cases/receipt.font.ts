/**
 * The Chinese font of the electronic 受理回执, for pdf-lib through upstream fontkit 2 (docs/research/online-channel.md §2).
 * Not @pdf-lib/fontkit: its CFF subsetter writes invalid fonts whose Chinese glyphs render blank. pdf-lib only calls
 * `fontkit.create(bytes)` and, on the subset, `encodeStream()`, which fontkit 2 replaced by `encode()`: the adapter
 * adds it back, and picks one face of a collection (.ttc) by its PostScript name.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { create as createFont, type Font, type FontCollection } from 'fontkit';
import type { PDFDocument } from 'pdf-lib';
import { AppError } from '../../platform/errors.js';

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

export interface ReceiptFontConfig {
  fontPath: string;
  fontFace: string;
}

/** A face checked to have what a receipt prints: Chinese, Latin letters and digits (DroidSansFallback has no digits). */
const NEEDED = ['受', '理', 'A', 'Z', 'a', '0', '9', '：'].map((c) => c.codePointAt(0)!);

/** The face of a font file: the named one of a collection (the first when no name is given), or the font itself. */
function faceOf(bytes: Uint8Array, faceName: string): Font | null {
  const found: Font | FontCollection = createFont(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  if ('fonts' in found) return faceName ? found.getFont(faceName) : (found.fonts[0] ?? null);
  return found;
}

/** Parsed faces by the bytes they came from: fontkit parses a 5 MB collection once, not for every receipt. */
const parsed = new WeakMap<Uint8Array, Font>();

/** The face, parsed once, its subsets given the `encodeStream()` pdf-lib calls (fontkit 2 only has `encode()`). */
function preparedFace(bytes: Uint8Array, faceName: string): Font | null {
  const known = parsed.get(bytes);
  if (known) return known;
  const font = faceOf(bytes, faceName);
  if (!font) return null;
  const createSubset = font.createSubset.bind(font);
  font.createSubset = () => {
    const subset = createSubset();
    // one chunk (an array), not a stream of single bytes
    return Object.assign(subset, { encodeStream: () => Readable.from([subset.encode()]) });
  };
  parsed.set(bytes, font);
  return font;
}

/**
 * A "fontkit" for `PDFDocument.registerFontkit`: pdf-lib asks it to create the font from the bytes given to
 * `embedFont`; the parsed face is shared between documents (each document makes its own subset).
 */
export function upstreamFontkit(faceName: string): PdfLibFontkit {
  return {
    create(bytes: Uint8Array) {
      const font = preparedFace(bytes, faceName);
      if (!font) throw new AppError('CASE_RECEIPT_FONT_MISSING');
      return font;
    },
  } as unknown as PdfLibFontkit;
}

/** Font bytes by path and face, read and checked once; a failed read is not remembered (installing the font mends it). */
const loaded = new Map<string, Promise<Uint8Array>>();

/** The bytes of a font whose face has every glyph in NEEDED; anything else is CASE_RECEIPT_FONT_MISSING (not a 500). */
async function readChecked(cfg: ReceiptFontConfig): Promise<Uint8Array> {
  let bytes: Uint8Array;
  let face: Font | null;
  try {
    bytes = new Uint8Array(await readFile(cfg.fontPath));
    face = preparedFace(bytes, cfg.fontFace);
  } catch {
    throw new AppError('CASE_RECEIPT_FONT_MISSING'); // missing, unreadable, or not a font fontkit knows
  }
  if (!face || NEEDED.some((cp) => !face.hasGlyphForCodePoint(cp))) throw new AppError('CASE_RECEIPT_FONT_MISSING');
  return bytes;
}

/** The receipt font's bytes (cached), or CASE_RECEIPT_FONT_MISSING when the file is missing, unreadable or unfit. */
export function receiptFontBytes(cfg: ReceiptFontConfig): Promise<Uint8Array> {
  const key = `${cfg.fontPath}\u0000${cfg.fontFace}`;
  let bytes = loaded.get(key);
  if (!bytes) {
    bytes = readChecked(cfg);
    loaded.set(key, bytes);
    bytes.catch(() => loaded.delete(key));
  }
  return bytes;
}
