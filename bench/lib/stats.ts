/** Small statistics for benchmark results: percentiles of latencies, medians of rounds. */

/** The p-th percentile (0–100) of ascending values, by the nearest-rank method. */
export function percentile(ascending: ArrayLike<number>, p: number): number {
  if (!ascending.length) return Number.NaN;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(ascending.length, Math.max(1, rank)) - 1];
}

export function median(values: number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** A number for a table: no decimals from 100 up, one below. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

export const formatPercent = (ratio: number): string => (Number.isFinite(ratio) ? `${Math.round(ratio * 100)} %` : '–');
