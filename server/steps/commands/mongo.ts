import { readFlags } from './flags.ts';
import type { Mapping } from './mapping.ts';

/** `mongo [db] --eval "db.…"` → the MongoDB action that does the same, or why there is none. */
export function mapMongo(words: string[]): Mapping {
  const flags = readFlags(words.slice(1), {}, ['quiet']);
  const database = flags.positional[0];
  const script = flags.values.get('eval')?.trim() ?? '';
  const call = /^db\.(?:(\w+)\.)?(\w+)\((.*)\)\s*;?$/s.exec(script);
  if (!call)
    return { ok: false, reason: 'only a single `db.…(…)` call in --eval maps to an action' };
  const [, collection, method, argument] = call;
  const value = argument?.trim() ? relaxedJson(argument) : {};
  if (value === undefined)
    return { ok: false, reason: `the argument of ${method} is not plain data` };
  if (!collection && method === 'currentOp') {
    const running = (value as { secs_running?: { $gte?: number; $gt?: number } }).secs_running;
    const seconds = running?.$gte ?? running?.$gt;
    return {
      ok: true,
      action: 'mongo.currentOp',
      input: seconds !== undefined ? { minSecondsRunning: seconds } : {},
    };
  }
  if (collection && method === 'createIndex') {
    return { ok: true, action: 'mongo.createIndex', input: { database, collection, keys: value } };
  }
  if (collection && method === 'getIndexes') {
    return { ok: true, action: 'mongo.listIndexes', input: { database, collection } };
  }
  if (!collection && method === 'serverStatus')
    return { ok: true, action: 'mongo.serverStatus', input: {} };
  return {
    ok: false,
    reason: `\`db.${collection ? `${collection}.` : ''}${method}\` has no Runsheet action`,
  };
}

/** `{status: 1, 'secs_running': {$gte: 10}}` (mongo shell syntax) → data, or undefined if it is code. */
export function relaxedJson(source: string): unknown {
  const json = source
    .replace(/\\\$/g, '$')
    .replace(/'([^'\\]*)'/g, (_, text: string) => JSON.stringify(text))
    .replace(/([{,]\s*)([$A-Za-z_][\w$]*)\s*:/g, '$1"$2":');
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}
