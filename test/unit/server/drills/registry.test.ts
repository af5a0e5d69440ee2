import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drills } from '../../../../server/drills/registry.ts';

const dir = new URL('../../../../server/drills/', import.meta.url);
// The files beside the drills that are not drills themselves.
const machinery = new Set(['define-drill.ts', 'registry.ts', 'attempts.ts', 'catalog.ts']);

describe('the drill registry', () => {
  it('registers every drill file once, under a unique kebab-case id', async () => {
    const files = readdirSync(dir).filter((name) => name.endsWith('.ts') && !machinery.has(name));
    const defined = await Promise.all(
      files.map(async (name) => (await import(new URL(name, dir).href)).default),
    );
    expect(new Set(drills)).toEqual(new Set(defined));
    expect(new Set(drills.map((drill) => drill.id)).size).toBe(drills.length);
    for (const drill of drills) expect(drill.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('points every drill at a runbook page that exists', () => {
    const pages = readdirSync(new URL('../../../../src/content/runbooks/', import.meta.url));
    for (const drill of drills) expect(pages).toContain(`${drill.runbook}.mdx`);
  });
});
