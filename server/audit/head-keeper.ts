import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MacKeys } from './mac-keys.ts';
import { publishHead, type PublishedHead } from './verify-chain.ts';

/**
 * The heads a store published: the latest one in memory, and every one that changed appended to
 * the head file when there is one (a second place, ideally on other storage than the trail).
 * `verify()` with no head checks against the newest of the two, so truncation is noticed.
 */
export interface HeadKeeper {
  publish(last: { seq: number; hash: string } | null): Promise<PublishedHead>;
  /** The newest head known: published by this process, or found in the head file. */
  latest(): Promise<PublishedHead | undefined>;
}

export function createHeadKeeper(keys: MacKeys, headFile?: string): HeadKeeper {
  let published: PublishedHead | undefined;
  return {
    async publish(last) {
      const head = publishHead(last, keys);
      const changed = !published || published.seq !== head.seq || published.hash !== head.hash;
      published = head;
      if (headFile && changed) {
        await mkdir(dirname(headFile), { recursive: true });
        await appendFile(headFile, `${JSON.stringify(head)}\n`);
      }
      return head;
    },
    async latest() {
      const fromFile = headFile ? await lastHeadIn(headFile) : undefined;
      if (!fromFile) return published;
      if (!published) return fromFile;
      return fromFile.seq > published.seq ? fromFile : published;
    },
  };
}

/** The last head in a head file (one JSON head per line), or undefined if it has none yet. */
export async function lastHeadIn(path: string): Promise<PublishedHead | undefined> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const line = text.trimEnd().split('\n').at(-1);
  if (!line) return undefined;
  return parseHead(line, `the last line of ${path}`);
}

/** A head as published (the JSON of the log line's `auditHead`, or a line of the head file). */
export function parseHead(text: string, where: string): PublishedHead {
  let head: Partial<PublishedHead>;
  try {
    head = JSON.parse(text) as Partial<PublishedHead>;
  } catch {
    throw new Error(`${where} is not a published head (JSON with seq, hash, at, keyId, mac)`);
  }
  const valid =
    Number.isInteger(head.seq) &&
    typeof head.hash === 'string' &&
    typeof head.at === 'string' &&
    typeof head.keyId === 'string' &&
    typeof head.mac === 'string';
  if (!valid)
    throw new Error(`${where} is not a published head: it needs seq, hash, at, keyId and mac`);
  return head as PublishedHead;
}
