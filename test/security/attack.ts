import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request, type OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { inject } from 'vitest';
import type { Grant } from '../../server/auth/auth-config.ts';
import { startMain } from '../support/main-process.ts';
import { mongoUriWithCredentials } from '../support/mongo-uri.ts';

/**
 * The red-team suite (issue 12): each attack of the red-team pass, as a test against a real
 * `node server/main.ts`. Where each one is:
 * - DNS rebinding (Host allow-list before CSRF): dns-rebinding.test.ts;
 * - local mode on a non-loopback interface: local-mode-bind.test.ts;
 * - huge bodies on any /api route, role before parsing: body-limits.test.ts;
 * - duplicated proxy identity headers: proxy-identity.test.ts;
 * - a claimed page/step in any mode, client request ids: forged-step.test.ts;
 * - symlinks out of the site, the CSP: site-files.test.ts;
 * - SSE progress carrying a secret: progress-redaction.test.ts;
 * - /api/ready as an amplifier: ready-amplifier.test.ts;
 * - reading the trail without a role, CSV formulas in the export: trail-reading.test.ts;
 * - rewriting, truncating and re-indexing the keyed chain: keyed-chain.test.ts;
 * - Kubernetes-only grants, Temporal namespace and Mongo database scopes: scopes.test.ts;
 * - approving outside one's scope, one's own request, an approval reused for another run:
 *   approval-matrix.test.ts;
 * - reads per person, refusals recorded without a flood: read-cap.test.ts;
 * - the notebook's line preview without a role: cell-preview.test.ts.
 * Kept where they already were, each against real servers:
 * - the user's kubeconfig taken for the sandbox (also through a real `node server/main.ts`):
 *   test/integration/server/sandbox-real-targets.test.ts;
 * - one approval claimed by many concurrent runs: test/integration/server/approvals/approval-race.test.ts;
 * - catastrophic regular expressions in every step parameter and grep filter the built site
 *   deploys: test/integration/server/redos.test.ts.
 */

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Bytes of the request body handed to the socket before the answer came. */
  sent: number;
}

/**
 * One HTTP request as an attacker writes it: any Host, a header sent twice (an array), a declared
 * Content-Length with no body behind it, or a body streamed in chunks. fetch allows none of these.
 * Resolves with the answer as soon as it is complete, whatever is still left to send.
 */
export function rawRequest(
  url: string,
  {
    method = 'GET',
    path,
    headers = {},
    body,
  }: { method?: string; path: string; headers?: OutgoingHttpHeaders; body?: Readable },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let sent = 0;
    const outgoing = request({
      host: hostname,
      port,
      method,
      path,
      headers,
      setHost: !('host' in headers),
    });
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      const sentWhenAnswered = sent;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        // Whatever of the body is still unsent stays so: the answer is in.
        body?.destroy();
        outgoing.destroy();
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          sent: sentWhenAnswered,
        });
      });
    });
    if (!body) {
      // A declared length with nothing behind it: only a server that refuses it unread answers.
      if (headers['content-length'] !== undefined) outgoing.flushHeaders();
      else outgoing.end();
      return;
    }
    body.on('data', (chunk: Buffer) => {
      sent += chunk.length;
    });
    // Once answered, the server may close the connection mid-body: that is the refusal, not an error.
    body.pipe(outgoing).on('error', () => undefined);
  });
}

/** The JSON error an answer carries. */
export function errorOf(answer: RawAnswer): { code: string; message: string; hint: string | null } {
  return (
    JSON.parse(answer.body) as { error: { code: string; message: string; hint: string | null } }
  ).error;
}

/** A config file (RUNSHEET_CONFIG) holding `config`, in a fresh temporary directory. */
export function configFile(config: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'runsheet-security-')), 'runsheet.config.json');
  writeFileSync(file, JSON.stringify(config));
  return file;
}

/** What identity.tokens stores for a token: its hex SHA-256. */
export const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Settings for a Runsheet with no target at all: nothing to act on, nothing of the machine's own
 * (a kubeconfig in a HOME) picked up. `sandbox` names the environment so drill routes answer too.
 */
export const noTargets = (home: string) => ({
  HOME: home,
  RUNSHEET_SANDBOX: 'off',
  RUNSHEET_LOG_LEVEL: 'warn',
});

/** A grant as a test writes it: the subject is the person it is listed under. */
type GrantOf = Omit<Grant, 'subject' | 'environments'> & { environments?: string[] };

/**
 * Token mode for the people named (by id, e.g. `vic@example.com`), each with the grants listed
 * (none: identified, granted nothing). Each person's bearer token is their id.
 */
export function tokenIdentity(people: Record<string, GrantOf[]>) {
  return {
    mode: 'token',
    tokens: Object.keys(people).map((user) => ({ user, sha256: sha256(user) })),
    grants: Object.entries(people).flatMap(([user, grants]) =>
      grants.map((grant) => ({ subject: `user:${user}`, ...grant })),
    ),
  };
}

/**
 * `node server/main.ts` acting on the test servers (Temporal, and MongoDB's wes_db), in staging,
 * taking any action with valid input rather than only the built runbooks' steps: the attacks are
 * on who may do what, not on which steps are declared. `config` is the config file's content.
 */
export function startWithTargets(config: unknown, env: Record<string, string> = {}) {
  return startMain({
    ...noTargets(mkdtempSync(join(tmpdir(), 'runsheet-home-'))),
    RUNSHEET_TEMPORAL_ADDRESS: inject('temporal').address,
    RUNSHEET_MONGO_URI: mongoUriWithCredentials(inject('mongo')),
    RUNSHEET_ENVIRONMENT: 'staging',
    RUNSHEET_STEPS: 'any',
    RUNSHEET_CONFIG: configFile(config),
    ...env,
  });
}

export interface ApiAnswer {
  status: number;
  body: {
    error?: { code: string; message: string; hint: string | null; approvalId?: string };
    [field: string]: unknown;
  };
}

/** One call to the API as the owner of `token` (null: no one), JSON both ways; GET without a body. */
export async function api(
  url: string,
  token: string | null,
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const response = await fetch(`${url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  // An export (the incident timeline) is Markdown: its text, under `text`.
  const json = response.headers.get('content-type')?.includes('application/json');
  return {
    status: response.status,
    body: json ? (JSON.parse(text) as ApiAnswer['body']) : { text },
  };
}

/**
 * The server as test/support/sse.ts takes an app: each request made over HTTP to `url`, with
 * `headers` added (a bearer token).
 */
export const overHttp = (url: string, headers: Record<string, string> = {}) => ({
  request: (input: RequestInfo | URL, init: RequestInit = {}) =>
    fetch(new URL(String(input), url), {
      ...init,
      headers: { ...Object.fromEntries(new Headers(init.headers)), ...headers },
    }),
});

/**
 * Workflows on a task queue of their own that no worker polls: they stay running until a test (or
 * Runsheet) ends them, and nothing but Runsheet acts on them. A query to one waits for the call's
 * deadline (no worker answers): a terminate's preview, which asks for its signals, takes that long.
 */
export async function idleWorkflows() {
  const temporal = inject('temporal');
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: temporal.namespace });
  const taskQueue = `red-team-${randomUUID()}`;
  return {
    client,
    start: (workflowId = `red-team-${randomUUID()}`, workflowType = 'RedTeamWorkflow') =>
      client.workflow.start(workflowType, { taskQueue, workflowId }),
    close: () => connection.close(),
  };
}
