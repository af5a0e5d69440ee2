import type { Hono } from 'hono';

export interface SseEvent {
  event: string;
  data: unknown;
}

/** POST /api/runs asking for a stream, and every event it sent, parsed. */
export async function runStreaming(app: Pick<Hono, 'request'>, body: unknown): Promise<SseEvent[]> {
  const response = await app.request('/api/runs', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
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
      return { event, data: JSON.parse(data) as unknown };
    });
}
