// Small real files for upload tests: a PNG (signature, IHDR, IDAT, IEND) and a PDF, each made
// unique by a tag so that tests can tell their blobs apart.
import { deflateSync, crc32 } from 'node:zlib';

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crcOf(td));
  return Buffer.concat([len, td, crc]);
}

// zlib.crc32 exists from Node 20.15; compute by hand for Node 18.
function crcOf(buf) {
  if (typeof crc32 === 'function') return crc32(buf) >>> 0;
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

export function png(tag = '') {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const idat = deflateSync(Buffer.from([0, 0xff]));
  const text = chunk('tEXt', Buffer.from(`Comment\0${tag}`, 'latin1'));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), text, chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

export function pdf(tag = '') {
  return Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${tag}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}
