import { z } from 'zod';
import type { MongoServerInfo } from '../../targets/mongo.ts';
import { defineAction } from '../define-action.ts';

export interface PingResult {
  address: string;
  server: Omit<MongoServerInfo, 'label'>;
  /** One `ping` round trip, after the connection is up. */
  latencyMs: number;
}

export default defineAction({
  id: 'mongo.ping',
  title: 'Ping MongoDB',
  summary: 'Round trip to the configured MongoDB, with the server product and version.',
  risk: 'read',
  input: z.strictObject({}),
  run: (ctx): Promise<PingResult> =>
    ctx.targets.mongo.call(ctx, async (session) => {
      const started = performance.now();
      await session.command('admin', { ping: 1 });
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      const { product, version, compatibleVersion } = session.server;
      return {
        address: ctx.targets.mongo.address,
        server: { product, version, compatibleVersion },
        latencyMs,
      };
    }),
});
