import { timingSafeEqual } from 'node:crypto';
import type { Actor } from './actor.ts';
import { sha256 } from '../audit/record.ts';
import type { IdentityConfig } from './auth-config.ts';

/**
 * Who a bearer token belongs to, checked against the configured SHA-256 digests in constant time.
 * The HTTP API (Authorization header) and the `runsheet` command (RUNSHEET_TOKEN) share it.
 */
export function tokenMatcher(tokens: IdentityConfig['tokens']) {
  const known = tokens.map((token) => ({ ...token, digest: Buffer.from(token.sha256, 'hex') }));
  return function actorOfToken(presented: string): Actor | undefined {
    const digest = Buffer.from(sha256(presented), 'hex');
    const match = known.find((token) => timingSafeEqual(token.digest, digest));
    return match && { id: match.user, groups: match.groups };
  };
}
