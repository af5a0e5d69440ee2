import type { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';

/** A history event as people read it: `ActivityTaskFailed`, with payloads decoded where they are JSON. */
export interface HistoryEvent {
  eventId: number;
  eventTime: string;
  eventType: string;
  attributes: unknown;
}

/** The history exactly as `temporal workflow show --output json` prints it (proto JSON). */
export interface CliHistoryJson {
  events: Record<string, unknown>[];
}

export async function fetchHistoryJson(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<CliHistoryJson> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return JSON.parse(historyToJSON(history)) as CliHistoryJson;
}

/** `EVENT_TYPE_ACTIVITY_TASK_FAILED` → `ActivityTaskFailed`; a name already in that form is kept. */
export function eventTypeName(type: string): string {
  if (!type.startsWith('EVENT_TYPE_')) return type;
  return type
    .slice('EVENT_TYPE_'.length)
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

export function readableEvent(event: Record<string, unknown>): HistoryEvent {
  const attributesKey = Object.keys(event).find((key) => key.endsWith('EventAttributes'));
  return {
    eventId: Number(event['eventId']),
    eventTime: String(event['eventTime'] ?? ''),
    eventType: eventTypeName(String(event['eventType'] ?? '')),
    attributes: decodeJsonPayloads(attributesKey ? event[attributesKey] : {}),
  };
}

/**
 * Replaces each proto-JSON payload (`{metadata: {encoding}, data}`, base64) with its JSON value,
 * and a `{payloads: [...]}` wrapper with the list of values.
 */
export function decodeJsonPayloads(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeJsonPayloads);
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && Array.isArray(record['payloads']))
    return decodeJsonPayloads(record['payloads']);
  const encoding = (record['metadata'] as Record<string, string> | undefined)?.['encoding'];
  if (encoding !== undefined && 'metadata' in record) {
    const kind = Buffer.from(encoding, 'base64').toString();
    const data =
      typeof record['data'] === 'string' ? Buffer.from(record['data'], 'base64').toString() : '';
    if (kind === 'json/plain') {
      try {
        return JSON.parse(data) as unknown;
      } catch {
        return data;
      }
    }
    if (kind === 'binary/null') return null;
    return { encoding: kind, bytes: data.length };
  }
  return Object.fromEntries(
    Object.entries(record).map(([key, inner]) => [key, decodeJsonPayloads(inner)]),
  );
}
