/** A number from a server answer (Int32, Double and Long all arrive as numbers), or null when absent. */
export function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  return null;
}

/** Milliseconds from a duration the server gives in microseconds, to one decimal. */
export function microsToMillis(value: unknown): number | null {
  const micros = numberOrNull(value);
  return micros === null ? null : Math.round(micros / 100) / 10;
}
