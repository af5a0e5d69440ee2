import { hostname, userInfo } from 'node:os';
import { z } from 'zod';

export const roles = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];

const grantSchema = z.strictObject({
  /** Who: `user:alice@example.com`, `group:wms-oncall`, or `*` for everyone who is identified. */
  subject: z.string().regex(/^(\*|user:.+|group:.+)$/, 'use user:<id>, group:<name> or *'),
  /** viewer runs read actions, operator also write, admin also destructive. */
  role: z.enum(roles),
  /** Environments it holds in, e.g. ["staging"]; `*` for all. */
  environments: z.array(z.string().min(1)).min(1).default(['*']),
  /**
   * Scopes. A grant with none covers every system; a grant with any covers only the systems it
   * names, in the namespaces or databases listed (`*` for all of that system). So a grant narrowed
   * to Kubernetes namespaces covers no Temporal namespace and no Mongo database.
   */
  kubernetesNamespaces: z.array(z.string().min(1)).min(1).optional(),
  /** Temporal namespaces it covers (see above). */
  temporalNamespaces: z.array(z.string().min(1)).min(1).optional(),
  /** MongoDB databases it covers; server-wide mongo actions (ping, currentOp…) need `*`. */
  mongoDatabases: z.array(z.string().min(1)).min(1).optional(),
});
export type Grant = z.output<typeof grantSchema>;

export const identityConfigSchema = z.strictObject({
  /**
   * `local`: one person on their own machine (the default). `proxy`: an authenticating proxy in front
   * of Runsheet sets the user (and groups) headers; only requests from `trustedProxies` are believed.
   * `token`: `Authorization: Bearer <token>`, checked against SHA-256 hashes, never stored in clear.
   */
  mode: z.enum(['local', 'proxy', 'token']).default('local'),
  /** The person in local mode. Defaults to `<os user>@<host>`. */
  localUser: z
    .string()
    .min(1)
    .default(() => `${userInfo().username}@${hostname()}`),
  /** Their role in local mode: it is their own machine and their own credentials. */
  localRole: z.enum(roles).default('admin'),
  proxy: z
    .strictObject({
      userHeader: z.string().min(1).default('x-forwarded-user'),
      groupsHeader: z.string().min(1).default('x-forwarded-groups'),
      /** Addresses of the proxy; a request from anywhere else is refused. */
      trustedProxies: z.array(z.string().min(1)).default(['127.0.0.1', '::1', '::ffff:127.0.0.1']),
    })
    .prefault({}),
  tokens: z
    .array(
      z.strictObject({
        user: z.string().min(1),
        /** hex SHA-256 of the token: `node server/auth/hash-token.ts <token>` prints it. */
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256, 64 characters'),
        groups: z.array(z.string().min(1)).default([]),
      }),
    )
    .default([]),
  grants: z.array(grantSchema).default([]),
});

/** true/false in the config file, "true"/"false" in a variable. */
const flag = z.union([z.boolean(), z.stringbool()]).default(false);

export const policyConfigSchema = z.strictObject({
  /** Kill switch: only read actions run. */
  readOnly: flag,
  /** Kill switch for single actions, e.g. ["temporal.batch.terminate"]. */
  disabledActions: z.array(z.string().min(1)).default([]),
  /** Destructive actions need a second admin's approval first. */
  twoPersonRule: flag,
  /** Write and destructive runs one person may start per minute. */
  writeRunsPerMinute: z.number().int().min(1).default(30),
  /** Read runs one person may have going at once (a followed log counts until it stops). */
  readRunsInFlight: z.number().int().min(1).default(8),
  /**
   * Ad-hoc work on an incident page (scratch cells, `runsheet run --incident`): `off`, none;
   * `read`, read actions only; `all`, writes and destructive runs too, each after a second
   * person's approval. Unset: `all` in the sandbox, `read` everywhere else.
   */
  adhoc: z.enum(['off', 'read', 'all']).optional(),
});

export type IdentityConfig = z.output<typeof identityConfigSchema>;
export type PolicyConfig = z.output<typeof policyConfigSchema>;
