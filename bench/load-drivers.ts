/**
 * The two ways bench/load.ts drives calls: closed loop (each operator calls back to back, which
 * measures saturation) and open loop (arrivals at fixed times from a Poisson process, whatever is
 * still in flight, which measures what an operator feels at a normal rate).
 */
import type { LoadFigures } from './report.ts';

/** One kind of call; `index` picks which seeded object it is about. */
export interface Call {
  name: string;
  run(index: number): Promise<void>;
}

function emptyFigures(name: string, calls: readonly Call[]): LoadFigures {
  return {
    name,
    calls: 0,
    errors: 0,
    seconds: 0,
    latencies: [],
    byCall: new Map(calls.map((call) => [call.name, []])),
  };
}

async function timedCall(
  figures: LoadFigures,
  failures: Map<string, number>,
  call: Call,
  i: number,
) {
  const before = performance.now();
  try {
    await call.run(i);
    const latency = performance.now() - before;
    figures.calls += 1;
    figures.latencies.push(latency);
    figures.byCall!.get(call.name)!.push(latency);
  } catch (error) {
    figures.errors += 1;
    const message = `${call.name}: ${(error as Error).message}`;
    failures.set(message, (failures.get(message) ?? 0) + 1);
  }
}

function reportFailures(failures: Map<string, number>) {
  for (const [message, count] of failures) process.stderr.write(`  ${count}× ${message}\n`);
}

/** `operators` callers, each calling back to back (round-robin over `calls`) for `seconds`. */
export async function closedLoop(
  name: string,
  calls: readonly Call[],
  { operators, seconds }: { operators: number; seconds: number },
): Promise<LoadFigures> {
  const figures = emptyFigures(name, calls);
  const failures = new Map<string, number>();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: operators }, async (_, operator) => {
      for (let turn = operator; performance.now() < deadline; turn++) {
        await timedCall(figures, failures, calls[turn % calls.length]!, turn);
      }
    }),
  );
  figures.seconds = (performance.now() - started) / 1000;
  reportFailures(failures);
  return figures;
}

/**
 * Arrival times (ms from the start) of a Poisson process at `rate` per second for `seconds`:
 * `operators` people each acting at random at rate/operators add up to exactly this. Seeded, so
 * the baseline and Runsheet get the same arrivals.
 */
export function poissonArrivals(rate: number, seconds: number, seed = 1): number[] {
  let state = seed >>> 0;
  // mulberry32: small, seedable, good enough to space arrivals.
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const arrivals: number[] = [];
  for (let at = 0; ;) {
    at += (-Math.log(1 - random()) / rate) * 1000;
    if (at >= seconds * 1000) return arrivals;
    arrivals.push(at);
  }
}

/** Each arrival starts its call at its time, whatever is still in flight; latency from the start. */
export async function openLoop(
  name: string,
  calls: readonly Call[],
  arrivals: readonly number[],
): Promise<LoadFigures> {
  const figures = emptyFigures(name, calls);
  const failures = new Map<string, number>();
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (const [i, at] of arrivals.entries()) {
    const wait = started + at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(timedCall(figures, failures, calls[i % calls.length]!, i));
  }
  await Promise.all(inFlight);
  figures.seconds = (performance.now() - started) / 1000;
  reportFailures(failures);
  return figures;
}
