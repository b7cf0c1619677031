import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { countCases } from '@sessionkit/conformance';
import { memoryInspector } from './support/inspectable-memory-engine';

const root = join(__dirname, '..', '..', '..');
const suiteFile = join(__dirname, 'tap', 'expiry-nan.node-suite.ts');

/**
 * node:test's TAP reporter on Node 20 crashes writing YAML for an invalid Date in an assertion
 * (`RangeError: Invalid time value`), and the run loses its summary. No case may put one there.
 */
describe('the suite under node:test with the TAP reporter, against an engine whose expiry is NaN', () => {
  it('reports every case and ends with the summary', () => {
    const args = ['--import', 'tsx', '--conditions=@sessionkit/source', '--test', '--test-reporter=tap', suiteFile];
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const output = run.stdout;
    expect(run.stderr).not.toContain('Invalid time value');
    expect(output).not.toContain('Invalid time value');
    const total = (label: string) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(output)?.[1] ?? Number.NaN);
    const expected = countCases({ optimisticConcurrency: true }, { inspect: memoryInspector });
    expect(total('tests')).toBe(expected);
    // The defect fails a few cases; the later groups still ran and reported.
    expect(total('fail')).toBeGreaterThan(0);
    expect(total('pass') + total('fail')).toBe(expected);
    expect(output).toMatch(/^\s*# Subtest: versions$/m);
    expect(output).toMatch(/^\s*# Subtest: outage$/m);
    expect(output.trimEnd().split('\n').slice(-9).join('\n')).toMatch(/^# duration_ms /m);
  }, 120_000);
});
