// Proves that each runner reports exactly the cases the suite says it registers, all passed.
// Run from anywhere: node --import tsx --conditions=@sessionkit/source packages/conformance/test/check-runner-counts.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MemoryEngine } from '@sessionkit/core';
import { countCases } from '@sessionkit/conformance';
import { memoryInspector } from './support/inspectable-memory-engine.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const capabilities = new MemoryEngine().capabilities;
const plain = countCases(capabilities);
const withHooks = countCases(capabilities, { inspect: memoryInspector });
const scratch = mkdtempSync(join(tmpdir(), 'runner-counts-'));

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw result.error;
  return result;
}

function vitest() {
  const outputFile = join(scratch, 'vitest.json');
  run('npx', [
    'vitest',
    'run',
    '--config',
    'packages/conformance/vitest.config.mts',
    '--reporter=json',
    `--outputFile=${outputFile}`,
  ]);
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests + report.numPendingTests };
}

function nodeTest() {
  const dir = join(here, 'node');
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.node-test.ts'))
    .map((name) => join(dir, name));
  const { stdout } = run(process.execPath, [
    '--import',
    'tsx',
    '--conditions=@sessionkit/source',
    '--test',
    '--test-reporter=tap',
    ...files,
  ]);
  const total = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(stdout)?.[1] ?? Number.NaN);
  return { passed: total('pass'), failed: total('fail') + total('cancelled') + total('skipped') + total('todo') };
}

function jest() {
  const outputFile = join(scratch, 'jest.json');
  run('npx', [
    'jest',
    '-c',
    'packages/conformance/jest.config.js',
    'packages/conformance/test/memory.jest.test.ts',
    '--json',
    `--outputFile=${outputFile}`,
  ]);
  const report = JSON.parse(readFileSync(outputFile, 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests + report.numPendingTests };
}

const checks = [
  ['vitest', vitest, plain],
  ['node:test', nodeTest, plain],
  ['jest', jest, plain + withHooks],
];
let ok = true;
try {
  for (const [runner, measure, expected] of checks) {
    const { passed, failed } = measure();
    const good = passed === expected && failed === 0;
    ok &&= good;
    process.stdout.write(
      `${good ? 'ok  ' : 'FAIL'} ${runner}: ${passed} passed, ${failed} failed or skipped; expected ${expected} passed\n`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
