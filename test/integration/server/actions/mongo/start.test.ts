import { describe, expect, it } from 'vitest';
import { startMain } from '../../../../support/main-process.ts';
import { mongo } from '../../../../support/mongo.ts';

// `npm start` itself, with its own logger and audit store, configured the way a deployment is.
describe.runIf(Boolean(mongo.password))('npm start with RUNSHEET_MONGO_URI', () => {
  const password = mongo.password ?? '';
  const [host] = mongo.address.split(',');
  const uri = `mongodb://${mongo.username}:${encodeURIComponent(password)}@${host}/?authSource=${mongo.authSource}`;

  it('serves the mongo steps and never prints the password, even at trace level', async () => {
    const runsheet = await startMain({
      RUNSHEET_SANDBOX: 'off',
      RUNSHEET_MONGO_URI: uri,
      RUNSHEET_LOG_LEVEL: 'trace',
      // An ad-hoc call, which a production backend takes only when told to.
      RUNSHEET_STEPS: 'any',
    });
    try {
      const ready = await (await fetch(`${runsheet.url}/api/ready`)).json();
      expect(ready).toEqual({
        ready: true,
        targets: [
          { name: 'mongo', address: mongo.address, ok: true, latencyMs: expect.any(Number) },
        ],
      });
      const response = await fetch(`${runsheet.url}/api/runs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          action: 'mongo.listIndexes',
          input: { database: 'wes_db', collection: 'task_routes' },
        }),
      });
      expect(response.status).toBe(200);
    } finally {
      await runsheet.stop();
    }
    const output = runsheet.output();
    expect(output).toContain(`"mongo":"${mongo.address}"`);
    expect(output).toContain('run finished');
    expect(output).not.toContain(password);
    expect(output).not.toContain(encodeURIComponent(password));
  });

  it('stops on a connection string it cannot parse, without printing it', async () => {
    const failed = startMain({
      RUNSHEET_SANDBOX: 'off',
      RUNSHEET_MONGO_URI: `mongo://${mongo.username}:${encodeURIComponent(password)}@${host}`,
    });
    await expect(failed).rejects.toThrow(
      'RUNSHEET_MONGO_URI (mongo.uri): not a MongoDB connection string',
    );
    const message = await failed.catch((error: Error) => error.message);
    expect(message).not.toContain(encodeURIComponent(password));
    expect(message).not.toContain(password);
  });
});
