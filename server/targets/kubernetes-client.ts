import { createRequire } from 'node:module';
import type * as ClientNode from '@kubernetes/client-node';

let loaded: typeof ClientNode | undefined;

/**
 * @kubernetes/client-node, loaded on first use: loading it took about 0.6 s of the 1.6 s a CLI
 * command took to start, and a server or command that never touches Kubernetes should not pay it.
 * Loaded with `require` (Node loads ES modules synchronously that way) so the target stays
 * synchronous to build.
 */
export function clientNode(): typeof ClientNode {
  return (loaded ??= createRequire(import.meta.url)(
    '@kubernetes/client-node',
  ) as typeof ClientNode);
}
