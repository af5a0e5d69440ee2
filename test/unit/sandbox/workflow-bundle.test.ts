import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workflowSources } from '../../../sandbox/workflow-bundle.ts';

const sandbox = (file: string) =>
  fileURLToPath(new URL(`../../../sandbox/${file}`, import.meta.url));

describe('the cached workflow bundle', () => {
  it('is keyed on the workflow file and the modules it imports for their values, not for types', async () => {
    // workflows.ts imports shared.ts for signals and queries, and activities.ts only as types:
    // a change to shared.ts must make a new bundle; one to activities.ts cannot change it.
    expect(await workflowSources(sandbox('workflows.ts'))).toEqual([
      sandbox('shared.ts'),
      sandbox('workflows.ts'),
    ]);
  });
});
