import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The keys that MAC the audit trail. They live outside the store (an env secret or a file), so
 * someone who can write the store but not read the key cannot rewrite a record and make it verify.
 *
 * Written as `id:secret` entries, one per line (or comma-separated in a variable). The FIRST entry
 * signs new records; the others only verify older records. Rotating: put a new entry first and
 * keep the old ones below it for as long as the trail holds records they signed.
 */
export interface MacKeys {
  /** Signs every new record and every published head. */
  readonly signing: { readonly id: string; readonly secret: Buffer };
  /** Every key, by id, for verifying. */
  readonly byId: ReadonlyMap<string, Buffer>;
}

/** The key material a worker thread receives (Buffers survive structured clone as Uint8Arrays). */
export type MacKeyList = readonly { id: string; secret: Uint8Array }[];

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MIN_SECRET_LENGTH = 32;

export class MacKeyError extends Error {
  override readonly name = 'MacKeyError';
}

/** Parses `id:secret` entries; `where` names the source in errors (never the secret). */
export function parseMacKeys(text: string, where: string): MacKeys {
  const entries = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) {
    throw new MacKeyError(
      `${where} holds no key. Write one entry per line as id:secret, e.g. k1:$(openssl rand -base64 32).`,
    );
  }
  const keys = entries.map((entry, index) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const secret = colon > 0 ? entry.slice(colon + 1) : '';
    if (!KEY_ID.test(id)) {
      throw new MacKeyError(
        `${where}, entry ${index + 1}: expected id:secret with an id of letters, digits, . _ or - (at most 64).`,
      );
    }
    if (secret.length < MIN_SECRET_LENGTH) {
      throw new MacKeyError(
        `${where}, key ${id}: the secret is shorter than ${MIN_SECRET_LENGTH} characters; make one with openssl rand -base64 32.`,
      );
    }
    return { id, secret: Buffer.from(secret, 'utf8') };
  });
  return fromList(keys, where);
}

export function fromList(keys: MacKeyList, where = 'the MAC keys'): MacKeys {
  const byId = new Map<string, Buffer>();
  for (const { id, secret } of keys) {
    if (byId.has(id)) throw new MacKeyError(`${where}: key id ${id} appears twice.`);
    byId.set(id, Buffer.from(secret));
  }
  const [first] = keys;
  if (!first) throw new MacKeyError(`${where} holds no key.`);
  return { signing: { id: first.id, secret: byId.get(first.id)! }, byId };
}

export function toList(keys: MacKeys): MacKeyList {
  return [keys.signing.id, ...[...keys.byId.keys()].filter((id) => id !== keys.signing.id)].map(
    (id) => ({ id, secret: keys.byId.get(id)! }),
  );
}

/**
 * The embedded default: a key file generated at first start beside the SQLite trail (not inside
 * it), readable by this user only. Two processes starting at once agree on one file.
 */
export function loadOrCreateKeyFile(path: string): MacKeys {
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    const id = `k-${new Date().toISOString().slice(0, 10)}`;
    const content =
      '# Runsheet audit MAC keys: id:secret, the first signs. Keep this file out of backups of the trail.\n' +
      `${id}:${randomBytes(32).toString('base64url')}\n`;
    try {
      writeFileSync(path, content, { flag: 'wx', mode: 0o600 });
      chmodSync(path, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return parseMacKeys(readFileSync(path, 'utf8'), path);
}

/** A key that lives as long as the process: for stores no one reopens (in-memory SQLite, tests). */
export function ephemeralKeys(): MacKeys {
  return fromList([{ id: 'ephemeral', secret: randomBytes(32) }]);
}

export function macOf(secret: Buffer, message: string): string {
  return createHmac('sha256', secret).update(message).digest('hex');
}

export function macMatches(secret: Buffer, message: string, mac: string): boolean {
  const expected = Buffer.from(macOf(secret, message), 'hex');
  const given = Buffer.from(mac, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
