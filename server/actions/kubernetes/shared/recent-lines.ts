import type { LogLine } from './logs.ts';

/** The last `limit` lines of one pod, in a ring, so a huge log costs no more memory than that. */
export class RecentLines {
  private readonly ring: LogLine[] = [];
  private readonly limit: number;
  private next = 0;
  constructor(limit: number) {
    this.limit = limit;
  }
  push(line: LogLine) {
    if (this.ring.length < this.limit) this.ring.push(line);
    else {
      this.ring[this.next] = line;
      this.next = (this.next + 1) % this.limit;
    }
  }
  lines(): LogLine[] {
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}
