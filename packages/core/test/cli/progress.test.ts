import { MemoryEngine, type SessionEngine } from '@sessionkit/core';
import { clearExpired } from '../../src/cli/clear-expired';
import type { CliIo, CliStream } from '../../src/cli/io';
import { createProgress } from '../../src/cli/progress';

function stream(isTTY: boolean): CliStream & { text: string } {
  const out = { text: '', isTTY, write: (t: string) => (out.text += t) };
  return out;
}

describe('progress', () => {
  it('shows nothing for a run under a second', () => {
    let t = 0;
    const s = stream(true);
    const p = createProgress(s, () => t);
    t = 500;
    p.update(100);
    p.done();
    expect(s.text).toBe('');
  });

  it('redraws one line with a bar, the count and the rate on a TTY, then clears it', () => {
    let t = 0;
    const s = stream(true);
    const p = createProgress(s, () => t);
    t = 2000;
    p.update(4000);
    t = 3000;
    p.update(9000);
    expect(s.text).toContain('\r[');
    expect(s.text).toContain('] 9,000 removed (3,000/s)');
    expect(s.text).not.toContain('\n');
    p.done();
    expect(s.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('prints plain lines at most every two seconds otherwise', () => {
    let t = 0;
    const s = stream(false);
    const p = createProgress(s, () => t);
    for (t = 1000; t <= 6000; t += 250) p.update(t);
    p.done();
    expect(s.text.split('\n').filter(Boolean)).toEqual([
      'clear-expired: 1000 removed so far (1,000/s)',
      'clear-expired: 3000 removed so far (1,000/s)',
      'clear-expired: 5000 removed so far (1,000/s)',
    ]);
  });
});

describe('clear-expired interrupted', () => {
  it('stops between batches on abort and reports the partial count (exit 130)', async () => {
    const controller = new AbortController();
    const base = new MemoryEngine();
    const engine: SessionEngine = Object.assign(Object.create(base) as SessionEngine, {
      async clearExpired(options: { onProgress?: (n: number) => void; signal?: AbortSignal } = {}) {
        options.onProgress?.(500);
        controller.abort();
        options.signal?.throwIfAborted();
        return 500;
      },
    });
    const stdout = stream(false);
    const stderr = stream(false);
    const io: CliIo = { stdout, stderr, cwd: '/', signal: controller.signal };
    expect(await clearExpired(engine, io, 100)).toBe(130);
    expect(stderr.text).toBe('Interrupted after removing 500 expired sessions.\n');
    expect(stdout.text).toBe('');
  });
});
