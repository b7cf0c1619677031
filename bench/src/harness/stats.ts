export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The p-th percentile (0–100) of already sorted values, nearest rank. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** (max − min) ÷ median, in percent. */
export function spreadPct(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  return ((Math.max(...values) - Math.min(...values)) / median(values)) * 100;
}

/** Element-wise a[i] ÷ b[i]. */
export function ratios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((value, i) => value / (b[i] as number));
}

/** Collects latency samples from many rounds, capped so memory stays bounded. */
export class LatencyPool {
  readonly #chunks: Float64Array[] = [];
  #count = 0;
  constructor(private readonly cap = 400_000) {}

  add(samples: ArrayLike<number>): void {
    const room = this.cap - this.#count;
    if (room <= 0) return;
    const take = Math.min(room, samples.length);
    const chunk = new Float64Array(take);
    for (let i = 0; i < take; i++) chunk[i] = samples[i] as number;
    this.#chunks.push(chunk);
    this.#count += take;
  }

  sorted(): Float64Array {
    const all = new Float64Array(this.#count);
    let at = 0;
    for (const chunk of this.#chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return all.sort();
  }
}

/**
 * At most `count` evenly spaced order statistics of sorted values (the value at the middle of
 * each of `count` equal slices): the shape of a distribution in a bounded size, so that forks
 * send their latencies and the parent still reads percentiles of them all.
 */
export function orderStatistics(sorted: ArrayLike<number>, count: number): Float64Array {
  const n = sorted.length;
  if (n <= count) return Float64Array.from(sorted);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = sorted[Math.floor(((i + 0.5) * n) / count)] as number;
  return out;
}
