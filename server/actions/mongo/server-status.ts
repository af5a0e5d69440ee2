import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { numberOrNull } from './shared/numbers.ts';

export interface ServerStatus {
  server: string;
  host: string | null;
  uptimeSeconds: number | null;
  /** Incoming connections: when `available` nears 0, clients queue for a connection (pool exhaustion). */
  connections: {
    current: number | null;
    available: number | null;
    totalCreated: number | null;
    active: number | null;
    /** current / (current + available), in percent. */
    usedPercent: number | null;
  };
  /** Operations since start-up, by kind. */
  opcounters: Record<
    'insert' | 'query' | 'update' | 'delete' | 'getmore' | 'command',
    number | null
  >;
}

const OPCOUNTERS = ['insert', 'query', 'update', 'delete', 'getmore', 'command'] as const;

export default defineAction({
  id: 'mongo.serverStatus',
  title: 'Server status',
  summary:
    'Connections in use and available, total created, operation counters and uptime: the signs of connection-pool exhaustion.',
  risk: 'read',
  input: z.strictObject({}),
  run: (ctx): Promise<ServerStatus> =>
    ctx.targets.mongo.call(ctx, async (session) => {
      const status = await session.command('admin', { serverStatus: 1 });
      const connections = record(status['connections']);
      const opcounters = record(status['opcounters']);
      const missing = [!connections && 'connections', !opcounters && 'opcounters'].filter(Boolean);
      if (!connections || !opcounters) {
        throw session.notSupported(
          'serverStatus',
          `its answer has no ${missing.join(' or ')} section, so connection use cannot be read from it.`,
        );
      }
      const current = numberOrNull(connections['current']);
      const available = numberOrNull(connections['available']);
      return {
        server: session.server.label,
        host: typeof status['host'] === 'string' ? status['host'] : null,
        uptimeSeconds: numberOrNull(status['uptime']),
        connections: {
          current,
          available,
          totalCreated: numberOrNull(connections['totalCreated']),
          active: numberOrNull(connections['active']),
          usedPercent:
            current !== null && available !== null && current + available > 0
              ? Math.round((current / (current + available)) * 1000) / 10
              : null,
        },
        opcounters: Object.fromEntries(
          OPCOUNTERS.map((name) => [name, numberOrNull(opcounters[name])]),
        ) as ServerStatus['opcounters'],
      };
    }),
});

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : undefined;
}
