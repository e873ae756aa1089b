// Reads the first sheet of an XLSX file into rows of cell values (numbers as numbers, shared or
// inline strings as text), with unzip: enough for the exports' tests.
import { execFileSync } from 'node:child_process';

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

export function readSheet(file) {
  const sheet = execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  let shared = [];
  try {
    const s = execFileSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    shared = [...s.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => unescape([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')));
  } catch { /* inline strings only */ }
  const rows = [];
  for (const row of sheet.matchAll(/<row r="(\d+)"[^>]*>([\s\S]*?)<\/row>/g)) {
    const cells = [];
    for (const c of row[2].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const col = [...c[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
      const body = c[3] || '';
      const v = (body.match(/<v>([\s\S]*?)<\/v>/) || [])[1];
      if (/t="s"/.test(c[2])) cells[col] = shared[Number(v)];
      else if (/t="inlineStr"/.test(c[2])) cells[col] = unescape([...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join(''));
      else if (/t="str"/.test(c[2])) cells[col] = unescape(v || '');
      else cells[col] = v === undefined ? '' : Number(v);
    }
    rows[Number(row[1]) - 1] = Array.from(cells, (v) => (v === undefined ? '' : v)); // empty cells are not written
  }
  return rows;
}
