#!/usr/bin/env node
// After `vite build`: writes a brotli (.br, quality 11) and a gzip (.gz, level 9) sibling of every
// text file of dist/web worth compressing, so the server sends them as they are
// (@fastify/static preCompressed) instead of compressing on each request. Files under 1 KB and
// files that would not shrink by a tenth are left alone. Prints the totals.
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist/web'));
const TEXT = /\.(?:js|mjs|css|html|svg|json|txt|xml|map|webmanifest)$/;
const MIN_BYTES = 1024;

const files = [];
const walk = (d) => {
  for (const name of readdirSync(d)) {
    const p = path.join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(?:br|gz)$/.test(name)) unlinkSync(p); // from an earlier run over the same folder
    else if (TEXT.test(name)) files.push(p);
  }
};
walk(dir);

let raw = 0;
let br = 0;
let gz = 0;
let written = 0;
for (const file of files) {
  const data = readFileSync(file);
  raw += data.length;
  if (data.length < MIN_BYTES) {
    br += data.length;
    gz += data.length;
    continue;
  }
  const b = brotliCompressSync(data, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  const g = gzipSync(data, { level: 9 });
  const worth = (c) => c.length < data.length * 0.9;
  if (worth(b)) writeFileSync(`${file}.br`, b), written++;
  if (worth(g)) writeFileSync(`${file}.gz`, g), written++;
  br += worth(b) ? b.length : data.length;
  gz += worth(g) ? g.length : data.length;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`precompress: ${files.length} files in ${path.relative(ROOT, dir) || dir}, ${written} compressed siblings; ${kb(raw)} → brotli ${kb(br)}, gzip ${kb(gz)}`);
