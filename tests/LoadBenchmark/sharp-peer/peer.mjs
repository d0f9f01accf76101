// The ingest peer: per image, SHA-256, header, then 1024 px and 256 px WebP q80 without metadata, failing on warnings, one
// libvips thread, no cache. What the API verifies: a JPEG by shrink-on-load alone (libjpeg still decodes every scan), any
// other format with one full decode first (it may hide a second image). Prints CPU per image and peak RSS as JSON.
import sharp from 'sharp';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
sharp.concurrency(1);
sharp.cache(false);
const file = process.argv[2];
const n = Number(process.argv[3] ?? 10);
async function once(bytes) {
  createHash('sha256').update(bytes).digest('hex');
  const { format } = await sharp(bytes, { failOn: 'warning' }).metadata();
  if (format !== 'jpeg') await sharp(bytes, { failOn: 'warning' }).raw().toBuffer(); // full decode
  await sharp(bytes, { failOn: 'warning' }).rotate().resize(1024, 1024, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
  await sharp(bytes, { failOn: 'warning' }).rotate().resize(256, 256, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
}
const bytes = readFileSync(file);
await once(bytes); await once(bytes);
const start = process.cpuUsage();
for (let i = 0; i < n; i++) await once(readFileSync(file));
const used = process.cpuUsage(start);
console.log(JSON.stringify({ cpuMsPerImage: (used.user + used.system) / 1000 / n, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
