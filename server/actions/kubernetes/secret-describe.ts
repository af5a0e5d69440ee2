import { z } from 'zod';
import { defineAction } from '../define-action.ts';
import { shortAge } from './shared/pods.ts';
import { namespaceSchema, objectNameSchema } from './shared/schemas.ts';

export interface SecretDescription {
  namespace: string;
  name: string;
  type: string;
  /** Each key and the size of its value in bytes: never the value. */
  keys: { name: string; bytes: number }[];
  createdAt: string | null;
  age: string;
  immutable: boolean;
  labels: Record<string, string>;
  /**
   * Only the names: annotation values can hold the secret itself (kubectl apply copies the whole
   * object, data included, into kubectl.kubernetes.io/last-applied-configuration).
   */
  annotationNames: string[];
}

export default defineAction({
  id: 'kubernetes.secret.describe',
  title: 'Describe secret',
  summary:
    'Which keys a secret holds, the size of each value, its type and age: enough to check credentials exist and are not empty. Values never leave the server.',
  risk: 'read',
  input: z.strictObject({
    namespace: namespaceSchema.optional(),
    name: objectNameSchema('secret', 'mongodb-credentials'),
  }),
  async run(ctx, { namespace, name }): Promise<SecretDescription> {
    return ctx.targets.kubernetes.call(ctx, async (kube) => {
      const ns = namespace ?? kube.namespace;
      const secret = await kube.core.readNamespacedSecret({ name, namespace: ns });
      // Build the answer field by field from what is safe; nothing is copied wholesale.
      const keys = Object.entries(secret.data ?? {})
        .map(([key, base64]) => ({ name: key, bytes: Buffer.from(base64, 'base64').length }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const created = secret.metadata?.creationTimestamp;
      return {
        namespace: ns,
        name,
        type: secret.type ?? 'Opaque',
        keys,
        createdAt: created ? new Date(created).toISOString() : null,
        age: created ? shortAge(Math.round((Date.now() - new Date(created).getTime()) / 1000)) : '',
        immutable: secret.immutable ?? false,
        labels: { ...secret.metadata?.labels },
        annotationNames: Object.keys(secret.metadata?.annotations ?? {}).sort(),
      };
    });
  },
});
