/** Writes a bench's section into bench/RESULTS.md between its own markers (appended the first time). */
import { readFileSync, writeFileSync } from 'node:fs';

export function writeMarkedSection(file: string, name: string, section: string): void {
  const start = `<!-- ${name}: start -->`;
  const end = `<!-- ${name}: end -->`;
  const text = readFileSync(file, 'utf8');
  const block = `${start}\n${section.trim()}\n${end}`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  const out = a >= 0 && b > a ? `${text.slice(0, a)}${block}${text.slice(b + end.length)}` : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, out);
}
