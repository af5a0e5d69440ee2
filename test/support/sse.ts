import type { Hono } from 'hono';

export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * POST /api/runs asking for a stream, and every event it sent, parsed. `onEvent` sees each event
 * as it arrives, while the run still goes (e.g. to kill a server part-way through a batch).
 */
export async function runStreaming(
  app: Pick<Hono, 'request'>,
  body: unknown,
  onEvent: (event: SseEvent) => Promise<void> | void = () => {},
): Promise<SseEvent[]> {
  const response = await app.request('/api/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  const events: SseEvent[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body!) {
    buffer += decoder.decode(chunk as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = parseEvent(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (!event) continue;
      events.push(event);
      await onEvent(event);
    }
  }
  const last = parseEvent(buffer);
  if (last) {
    events.push(last);
    await onEvent(last);
  }
  return events;
}

/** One `event:` / `data:` block; null for a block without data (a comment, a keep-alive). */
function parseEvent(block: string): SseEvent | null {
  const lines = block.split('\n');
  const event =
    lines
      .find((line) => line.startsWith('event:'))
      ?.slice(6)
      .trim() ?? 'message';
  const data = lines
    .filter((line) => line.startsWith('data:'))
    .map((line) => line.slice(5).trimStart())
    .join('\n');
  return data ? { event, data: JSON.parse(data) as unknown } : null;
}
