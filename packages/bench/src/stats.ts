/**
 * The nearest-rank percentile (p in 0–100) of some numbers; NaN when there are none.
 *
 * @example
 * percentile([5, 1, 3, 2, 4], 50); // 3
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

/**
 * "met" or "missed", for a table's verdict column.
 *
 * @example
 * verdict(12 <= 12); // "met"
 */
export function verdict(met: boolean): string {
  return met ? "met" : "missed";
}

/**
 * A duration in milliseconds with precision that suits its size.
 *
 * @example
 * ms(0.4321); // "0.43 ms"
 * ms(1234.5); // "1,235 ms"
 * ms(Infinity); // "not seen" (an event that never happened)
 */
export function ms(value: number): string {
  if (Number.isNaN(value)) return "n/a";
  if (value === Number.POSITIVE_INFINITY) return "not seen";
  return `${value < 10 ? value.toFixed(2) : Math.round(value).toLocaleString("en-US")} ms`;
}

/**
 * A count or rate, rounded, with thousands separators.
 *
 * @example
 * num(12345.6); // "12,346"
 * num(7.25, 1); // "7.3"
 */
export function num(value: number, decimals = 0): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/**
 * Bytes as mebibytes, signed when asked (for deltas).
 *
 * @example
 * mib(52_428_800); // "50.0 MiB"
 * mib(-1_048_576, true); // "-1.0 MiB"
 */
export function mib(bytes: number, signed = false): string {
  const value = (bytes / 1_048_576).toFixed(1);
  return `${signed && bytes >= 0 ? "+" : ""}${value} MiB`;
}

/**
 * Seconds elapsed since a `performance.now()` reading, for "took" notes.
 *
 * @example
 * const started = performance.now(); … seconds(started); // "12.3 s"
 */
export function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * The fastest of `rounds` timings of `work`, in milliseconds: the run least
 * disturbed by whatever else the machine does.
 *
 * @example
 * fastest(() => masker.mask(text), 9); // 1.8
 */
export function fastest(work: () => void, rounds: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const started = performance.now();
    work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/**
 * Milliseconds (of GitHub time, in the paced benches) as seconds.
 *
 * @example
 * secs(1234); // "1.2 s"
 * secs(Number.POSITIVE_INFINITY); // "not seen"
 */
export function secs(ms: number): string {
  if (!Number.isFinite(ms)) return Number.isNaN(ms) ? "n/a" : "not seen";
  return `${num(ms / 1000, ms < 10_000 ? 1 : 0)} s`;
}
