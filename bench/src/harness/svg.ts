import type { Group, SuiteResult } from './types.js';

const COLORS: Record<Group, string> = { ours: '#2f6fdb', peer: '#9aa3ad', limit: '#2b2f36' };

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function formatOps(value: number): string {
  if (value >= 100_000) return `${Math.round(value / 1000)}k`;
  if (value >= 10_000) return `${(value / 1000).toFixed(1)}k`;
  return String(Math.round(value));
}

/** A horizontal bar chart of one suite's median ops/s, coloured by group, with ratios to the limit. */
export function suiteChart(suite: SuiteResult): string {
  const rows = suite.contenders.filter((c) => Number.isFinite(c.opsPerSec));
  const labelWidth = 330;
  const barWidth = 360;
  const valueWidth = 150;
  const rowHeight = 26;
  const top = 48;
  const width = labelWidth + barWidth + valueWidth + 20;
  const height = top + rows.length * rowHeight + 34;
  const max = Math.max(...rows.map((c) => c.opsPerSec), 1);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="-apple-system,Segoe UI,Helvetica,Arial,sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="600" fill="#1b1f24">${xml(suite.title)}</text>`,
    `<text x="10" y="37" fill="#57606a">${xml(`${suite.unit}s per second, median of ${suite.rounds} alternating rounds; × = ratio to ${suite.limit}`)}</text>`,
  ];
  rows.forEach((c, i) => {
    const y = top + i * rowHeight;
    const w = Math.max(1, (c.opsPerSec / max) * barWidth);
    const label = c.contender.length > 52 ? `${c.contender.slice(0, 51)}…` : c.contender;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" fill="#1b1f24"${c.group === 'ours' ? ' font-weight="600"' : ''}>${xml(label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}" rx="2" fill="${COLORS[c.group]}"/>`,
      `<text x="${labelWidth + w + 6}" y="${y + 16}" fill="#1b1f24">${formatOps(c.opsPerSec)}  ×${c.ratioToLimit.toFixed(2)}</text>`,
    );
  });
  const legendY = top + rows.length * rowHeight + 20;
  let x = 10;
  for (const [group, label] of [
    ['ours', 'sessionkit'],
    ['peer', 'peer'],
    ['limit', 'raw client / no session (limit)'],
  ] as const) {
    parts.push(
      `<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${COLORS[group]}"/>`,
      `<text x="${x + 16}" y="${legendY}" fill="#57606a">${label}</text>`,
    );
    x += 16 + label.length * 6.5 + 18;
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
