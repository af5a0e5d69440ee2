import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Probe } from '../../../../../server/actions/kubernetes/connectivity-check.ts';
import type { SecretDescription } from '../../../../../server/actions/kubernetes/secret-describe.ts';
import type { ServiceSummary } from '../../../../../server/actions/kubernetes/services-list.ts';
import { freePort } from '../../../../../sandbox/processes.ts';
import { testApp } from '../../../../support/app.ts';
import {
  adminClients,
  freshWmsNamespace,
  kubectl,
  kubernetesConfig,
} from '../../../../support/kubernetes.ts';

const { namespace, secretValues } = inject('kubernetes');
const runsheet = testApp({ kubernetes: kubernetesConfig() });
afterAll(() => runsheet.close());

describe('kubernetes.services.list against a real API server', () => {
  it('lists the WMS services with ports, selectors and their ready endpoints', async () => {
    const { status, body } = await runsheet.run<{ services: ServiceSummary[] }>({
      action: 'kubernetes.services.list',
      input: {},
    });
    expect(status).toBe(200);
    const byName = Object.fromEntries(body.result!.services.map((s) => [s.name, s]));
    expect(Object.keys(byName)).toEqual([
      'mongodb',
      'orchestrator-worker',
      'picking-service',
      'wes-service',
    ]);
    expect(byName['mongodb']).toMatchObject({
      type: 'ClusterIP',
      ports: [
        { name: 'mongodb', port: 27017, targetPort: 'mongodb', protocol: 'TCP', nodePort: null },
      ],
      selector: { app: 'mongodb' },
      endpoints: { ready: 1, notReady: 0 },
    });
    expect(byName['mongodb']!.clusterIP).toMatch(/^10\.96\.0\.\d+$/);
    // The endpointslice controller counts the Ready pods behind each service.
    await expect
      .poll(async () => {
        const again = await runsheet.run<{ services: ServiceSummary[] }>({
          action: 'kubernetes.services.list',
          input: { selector: 'app=orchestrator-worker' },
        });
        return again.body.result!.services.map((s) => [s.name, s.endpoints.ready]);
      })
      .toEqual([['orchestrator-worker', 2]]);
  });
});

describe('kubernetes.secret.describe never lets a secret value out', () => {
  it('shows keys, sizes, type and age of mongodb-credentials', async () => {
    const { status, body } = await runsheet.run<SecretDescription>({
      action: 'kubernetes.secret.describe',
      input: { name: 'mongodb-credentials' },
    });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({
      namespace,
      name: 'mongodb-credentials',
      type: 'Opaque',
      keys: Object.entries(secretValues)
        .map(([name, value]) => ({ name, bytes: Buffer.byteLength(value) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      immutable: false,
      labels: { app: 'mongodb' },
      annotationNames: ['kubectl.kubernetes.io/last-applied-configuration'],
    });
  });

  it('leaves every value, plain or base64, out of every answer (JSON, streamed, errors) and the audit trail', async () => {
    // The secret really holds the values, also inside the annotation kubectl apply wrote.
    const secret = await adminClients().core.readNamespacedSecret({
      name: 'mongodb-credentials',
      namespace,
    });
    expect(Buffer.from(secret.data!['password']!, 'base64').toString()).toBe(
      secretValues['password'],
    );
    expect(
      secret.metadata!.annotations!['kubectl.kubernetes.io/last-applied-configuration'],
    ).toContain(secretValues['password']);

    const answers: string[] = [];
    const request = async (input: Record<string, unknown>, stream: boolean) => {
      const response = await runsheet.app.request('/api/runs', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(stream ? { accept: 'text/event-stream' } : {}),
        },
        body: JSON.stringify({ action: 'kubernetes.secret.describe', input }),
      });
      answers.push(await response.text());
    };
    for (const stream of [false, true]) {
      await request({ name: 'mongodb-credentials' }, stream);
      await request({ name: 'mongodb-credentials', namespace: 'default' }, stream);
    }
    expect(answers.join('\n')).toContain('connection-string');
    expect(answers.join('\n')).toContain('Secret \\"mongodb-credentials\\" was not found.');
    // …and the audit trail of those runs, which records inputs, previews and errors.
    const trail: string[] = [];
    for await (const record of runsheet.audit.all()) trail.push(JSON.stringify(record));
    expect(trail.join('\n')).toContain('kubernetes.secret.describe');
    for (const value of Object.values(secretValues)) {
      for (const form of [value, Buffer.from(value).toString('base64'), JSON.stringify(value)]) {
        for (const answer of [...answers, ...trail]) expect(answer).not.toContain(form);
      }
    }
  });
});

describe('kubernetes.connectivity.check probes a service from the backend', () => {
  let fixtures: Awaited<ReturnType<typeof freshWmsNamespace>>;
  let http: Server;
  let tcp: TcpServer;
  let httpPort: number;
  let tcpPort: number;
  let closedPort: number;
  const check = (input: Record<string, unknown>) =>
    runsheet.run<{
      reachable: boolean | null;
      summary: string;
      probes: Probe[];
      via: string;
      endpoints?: { address: string; port: number; pod: string | null }[];
    }>({
      action: 'kubernetes.connectivity.check',
      input: { namespace: fixtures.namespace, ...input },
    });

  beforeAll(async () => {
    fixtures = await freshWmsNamespace('probe');
    [httpPort, tcpPort, closedPort] = await Promise.all([freePort(), freePort(), freePort()]);
    http = createHttpServer((req, res) => {
      res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'text/plain' });
      res.end(req.url === '/health' ? 'SERVING' : 'no such page');
    });
    tcp = createTcpServer((socket) => socket.end());
    await new Promise<void>((resolve) => http.listen(httpPort, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => tcp.listen(tcpPort, '127.0.0.1', resolve));
    // Services that lead to real listeners on this machine. EndpointSlices may not hold loopback
    // addresses, so these are ExternalName services naming 127.0.0.1.
    const external = (name: string, port: number, portName: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: fixtures.namespace },
      spec: {
        type: 'ExternalName',
        externalName: '127.0.0.1',
        ports: [{ name: portName, port, protocol: 'TCP' }],
      },
    });
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          external('temporal-frontend', httpPort, 'http'),
          external('mongodb-external', tcpPort, 'mongodb'),
          external('refusing', closedPort, 'tcp'),
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: 'no-endpoints', namespace: fixtures.namespace },
            spec: { selector: { app: 'nothing' }, ports: [{ port: 80 }] },
          },
        ],
      }),
    );
  });
  afterAll(async () => {
    await fixtures?.remove();
    http?.close();
    tcp?.close();
  });

  it('opens a TCP connection, with its time (nc -z)', async () => {
    const { status, body } = await check({ service: 'mongodb-external', port: 'mongodb' });
    expect(status).toBe(200);
    expect(body.result).toMatchObject({ reachable: true, via: 'externalName' });
    expect(body.result!.probes).toEqual([
      { address: '127.0.0.1', port: tcpPort, pod: null, ok: true, ms: expect.any(Number) },
    ]);
    expect(body.result!.summary).toMatch(/^1 of 1 endpoint answered in [\d.]+–[\d.]+ ms\.$/);
  });

  it('GETs a path over HTTP and shows the status and body (wget -O-)', async () => {
    const health = await check({ service: 'temporal-frontend', protocol: 'http', path: '/health' });
    expect(health.body.result!.probes).toEqual([
      expect.objectContaining({ ok: true, status: 200, body: 'SERVING', port: httpPort }),
    ]);
    const missing = await check({ service: 'temporal-frontend', protocol: 'http', path: '/nope' });
    expect(missing.body.result).toMatchObject({ reachable: true });
    expect(missing.body.result!.probes[0]).toMatchObject({ status: 404, body: 'no such page' });
  });

  it('reports a refused connection, and a service with no ready endpoints', async () => {
    const refused = await check({ service: 'refusing' });
    expect(refused.body.result).toMatchObject({
      reachable: false,
      summary: 'None of 1 endpoint answered: connection refused (ECONNREFUSED).',
    });
    const empty = await check({ service: 'no-endpoints' });
    expect(empty.body.result).toMatchObject({
      reachable: false,
      probes: [],
      summary:
        'Service no-endpoints has no ready endpoints: nothing accepts connections on port 80.',
    });
  });

  it('finds the Ready pods behind a WMS service and the container port they listen on', async () => {
    // kwok pods have no network: list what would be probed rather than connecting.
    const { body } = await check({ service: 'picking-service', port: 'http', resolveOnly: true });
    expect(body.result).toMatchObject({ reachable: null, probes: [], via: 'endpoints' });
    expect(body.result!.endpoints).toEqual([
      {
        address: expect.stringMatching(/^10\.244\.0\.\d+$/),
        port: 8080,
        pod: expect.stringMatching(/^picking-service-/),
      },
    ]);
  });

  it('names a missing service or port', async () => {
    const gone = await check({ service: 'temporal' });
    expect(gone.status).toBe(404);
    expect(gone.body.error!.message).toBe('Service "temporal" was not found.');
    const port = await check({ service: 'mongodb', port: 27018 });
    expect(port.status).toBe(404);
    expect(port.body.error!.message).toBe('Service mongodb has no port 27018; its ports: mongodb.');
  });
});
