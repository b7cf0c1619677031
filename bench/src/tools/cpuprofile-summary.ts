/**
 * Self and inclusive time per function (with file:line) from a .cpuprofile.
 * Usage: cpuprofile-summary.ts file [top] [filter]
 * tsx runs minified-whitespace CommonJS, so profile positions are mapped back to the
 * TypeScript lines through the source maps in tsx's cache (os.tmpdir()/tsx-<uid>).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** mappings → per generated line, sorted segments [generatedColumn, sourceLine]. */
function decodeMappings(mappings: string): [number, number][][] {
  const lines: [number, number][][] = [];
  let srcLine = 0;
  for (const lineText of mappings.split(';')) {
    const segments: [number, number][] = [];
    let genCol = 0;
    for (const segment of lineText.split(',')) {
      if (segment === '') continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >> 1) : value >> 1);
          value = 0;
          shift = 0;
        }
      }
      genCol += values[0] ?? 0;
      if (values.length >= 4) {
        srcLine += values[2] ?? 0;
        segments.push([genCol, srcLine]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

const maps = new Map<string, [number, number][][]>();
for (const dir of readdirSync(tmpdir()).filter((d) => d.startsWith('tsx-'))) {
  const full = join(tmpdir(), dir);
  const entries = readdirSync(full)
    .map((f) => join(full, f))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
  for (const entry of entries) {
    try {
      const cached = JSON.parse(readFileSync(entry, 'utf8')) as {
        code: string;
        map?: { mappings: string; sources: string[] };
      };
      const source = cached.map?.sources[0];
      if (source !== undefined && cached.map !== undefined) maps.set(source, decodeMappings(cached.map.mappings));
    } catch {
      // not a tsx cache entry
    }
  }
}

function originalLine(url: string, line: number, column: number): number | null {
  const lines = maps.get(url.replace(/^file:\/\//, ''));
  const segments = lines?.[line];
  if (segments === undefined) return null;
  let best: number | null = null;
  for (const [col, src] of segments) {
    if (col > column) break;
    best = src;
  }
  return best === null ? null : best + 1;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, topArg = '40', filter = ''] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file as string, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfTime = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

const label = (n: ProfileNode): string => {
  const url = n.callFrame.url.replace(/^file:\/\//, '').replace('/work/main/', '');
  const mapped = originalLine(n.callFrame.url, n.callFrame.lineNumber, n.callFrame.columnNumber);
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${mapped ?? n.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, t] of selfTime) {
  const node = byId.get(id) as ProfileNode;
  self.set(label(node), (self.get(label(node)) ?? 0) + t);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur) as ProfileNode);
    if (seen.has(l)) continue;
    seen.add(l);
    inclusive.set(l, (inclusive.get(l) ?? 0) + t);
  }
}
const top = Number(topArg);
process.stdout.on('error', () => process.exit(0));
const show = (title: string, map: Map<string, number>): void => {
  process.stdout.write(`\n${title} (total ${(total / 1000).toFixed(0)} ms)\n`);
  [...map]
    .filter(([l]) => l.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([l, t]) => {
      process.stdout.write(`${((100 * t) / total).toFixed(1).padStart(6)}%  ${l}\n`);
    });
};
show('self', self);
show('inclusive', inclusive);
