// The MemoryEngine bound, measured: 1,000,000 new sessions with maxSessions 100,000.
// Prints heap used after each 100,000 creates (after a GC). A script, not a timed test:
//   npm run memory-heap -w @sessionkit/fault
import { MemoryEngine } from '@sessionkit/core';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const MAX = Number(process.argv[3] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;

function heapMb(): number {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function main(): Promise<void> {
  if (gc === undefined) process.stdout.write('(run with --expose-gc for settled figures)\n');
  const engine = new MemoryEngine({ maxSessions: MAX });
  const expiresAt = new Date(Date.now() + 3_600_000);
  const start = heapMb();
  process.stdout.write(`sessions created | records held | heap used (MB)\n0 | 0 | ${start.toFixed(1)}\n`);
  for (let i = 1; i <= TOTAL; i++) {
    await engine.create(`heapkey${String(i).padStart(24, '0')}`, {
      data: { _auth_user_id: String(i), cart: [i, i + 1], theme: 'dark' },
      expiresAt,
    });
    if (i % 100_000 === 0) process.stdout.write(`${i} | ${engine.size} | ${heapMb().toFixed(1)}\n`);
  }
  await engine.close();
}

void main();
