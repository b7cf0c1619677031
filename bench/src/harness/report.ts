import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEnvironment } from './env.js';
import { suiteChart } from './svg.js';
import type { TargetResult } from './targets.js';
import type { SuiteResult } from './types.js';

/** Extra results that are not ops/s rows (clearExpired, table-size flatness). */
export interface ExtraSection {
  title: string;
  markdown: string;
}

export interface Report {
  name: string;
  environment: RunEnvironment;
  notes: string[];
  suites: SuiteResult[];
  targets: TargetResult[];
  extras: ExtraSection[];
  /** Records for latest.json beyond the suites' contender rows. */
  extraRecords: Record<string, unknown>[];
}

const fmt = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
const int = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–');
const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The measure a target is not judged on: CPU time for an ops/s target, ops/s for a CPU one. */
function other(t: TargetResult): string {
  if (t.on === 'cpu') return t.opsRatio === null ? '–' : `${fmt(t.opsRatio)}× on ops/s`;
  return t.cpuRatio === null ? '–' : `${fmt(t.cpuRatio)}× on CPU`;
}

export function writeReport(dir: string, report: Report): void {
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  const env = report.environment;
  lines.push(`# sessionkit benchmarks: ${report.name}`, '');
  lines.push(
    `Commit \`${env.commit}\`${env.dirtyFiles > 0 ? ` plus ${env.dirtyFiles} uncommitted file(s)` : ''}, ${env.date}.`,
    `Node ${env.node}, ${env.cpu}, ${env.cores} cores, ${env.memoryGb} GB; load average at start ${env.loadAverageAtStart.join(' / ')}.`,
    `Command: \`${env.command}\`.`,
    '',
  );
  for (const note of report.notes) lines.push(`- ${note}`);
  if (report.notes.length > 0) lines.push('');

  if (report.targets.length > 0) {
    lines.push('## Targets', '');
    lines.push(
      '| Target | Measured (median of per-round ratios) | Per-round range | Needed | Status | The other measure (CPU time, or ops/s for a CPU target) |',
      '|---|---|---|---|---|---|',
    );
    for (const t of report.targets) {
      const range =
        t.roundRatios.length > 0 ? `${fmt(Math.min(...t.roundRatios))}–${fmt(Math.max(...t.roundRatios))}` : '–';
      lines.push(
        `| ${cell(t.text)} | ${t.ratio === null ? '–' : `${fmt(t.ratio)}×${t.on === 'cpu' ? ' on CPU' : ''}`} | ${range} | ≥${Number(t.min.toFixed(3))}× | ${t.status === 'met' ? 'met' : `**${t.status}**`} | ${other(t)} |`,
      );
    }
    const misses = report.targets.filter((t) => t.status !== 'met');
    if (misses.length > 0) {
      lines.push('', '### Why targets were missed', '');
      for (const t of misses)
        lines.push(`- **${t.text}** (${t.ratio === null ? 'not run' : `${fmt(t.ratio)}×`}): ${t.reason}`);
    }
    lines.push('');
  }

  for (const suite of report.suites) {
    lines.push(`## ${suite.title}`, '', suite.description, '');
    lines.push(`![${suite.id}](${chartFile(report.name, suite.id)})`, '');
    lines.push(
      `| Contender | Group | ${suite.unit}/s (median) | p50 µs | p99 µs | × limit | × best peer | Spread | Per-round × limit | CPU µs/op | CPU × limit |`,
      '|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|',
    );
    for (const c of suite.contenders) {
      if (c.error !== undefined) {
        lines.push(`| ${cell(c.contender)} | ${c.group} | FAILED: ${cell(c.error)} | | | | | | | | |`);
        continue;
      }
      const name = c.group === 'ours' ? `**${cell(c.contender)}**` : cell(c.contender);
      lines.push(
        `| ${name} | ${c.group} | ${int(c.opsPerSec)} | ${fmt(c.p50Us, 1)} | ${fmt(c.p99Us, 1)} | ${fmt(c.ratioToLimit)} | ${c.ratioToBestPeer === null ? '–' : fmt(c.ratioToBestPeer)} | ${fmt(c.spreadPct, 0)}% | ${c.roundRatiosToLimit.map((r) => fmt(r)).join(' ')} | ${fmt(c.cpuUsPerOp, 1)} | ${fmt(c.cpuRatioToLimit)} |`,
      );
    }
    lines.push(
      '',
      `Limit: ${suite.limit}. Best peer: ${suite.bestPeer ?? '–'}. ${suite.rounds} rounds${suite.forks === undefined ? '' : ` in ${suite.forks} processes`}, ${(suite.durationMs / 1000).toFixed(1)} s.`,
      '',
    );
    const notes = suite.contenders.filter((c) => c.note);
    if (notes.length > 0) {
      lines.push('<details><summary>Configuration</summary>', '');
      for (const c of notes) lines.push(`- ${c.contender}: ${c.note}`);
      lines.push('', '</details>', '');
    }
    writeFileSync(join(dir, chartFile(report.name, suite.id)), suiteChart(suite));
  }
  for (const extra of report.extras) lines.push(`## ${extra.title}`, '', extra.markdown, '');
  writeFileSync(join(dir, `${report.name}.md`), `${lines.join('\n')}\n`);

  const records = report.suites.flatMap((suite) =>
    suite.contenders.map((c) => ({
      suite: c.suite,
      contender: c.contender,
      group: c.group,
      opsPerSec: round(c.opsPerSec),
      p50Us: round(c.p50Us),
      p99Us: round(c.p99Us),
      ratioToLimit: round(c.ratioToLimit, 3),
      ratioToBestPeer: c.ratioToBestPeer === null ? null : round(c.ratioToBestPeer, 3),
      roundOpsPerSec: c.roundOpsPerSec.map((x) => round(x)),
      roundRatiosToLimit: c.roundRatiosToLimit.map((x) => round(x, 3)),
      spreadPct: round(c.spreadPct, 1),
      cpuUsPerOp: round(c.cpuUsPerOp, 2),
      cpuRatioToLimit: round(c.cpuRatioToLimit, 3),
      ...(c.note ? { note: c.note } : {}),
      ...(c.error ? { error: c.error } : {}),
    })),
  );
  const json = {
    environment: env,
    notes: report.notes,
    targets: report.targets.map((t) => ({
      ...t,
      ratio: t.ratio === null ? null : round(t.ratio, 3),
      cpuRatio: t.cpuRatio === null ? null : round(t.cpuRatio, 3),
      roundRatios: t.roundRatios.map((x) => round(x, 3)),
    })),
    records: [...records, ...report.extraRecords],
  };
  writeFileSync(join(dir, `${report.name}.json`), `${JSON.stringify(json, null, 2)}\n`);
}

function round(value: number, digits = 1): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** The charts of the committed runs (latest, scale) keep plain names; any other run's are prefixed, so they never replace those. */
function chartFile(reportName: string, suiteId: string): string {
  return reportName === 'latest' || reportName === 'scale' ? `${suiteId}.svg` : `${reportName}-${suiteId}.svg`;
}
