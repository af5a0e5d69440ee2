import { existsSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createLogger } from './log.ts';
import { closeTargets, createTargets } from './targets/targets.ts';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`runsheet: ${error.message}`);
  process.exit(1);
}

const log = createLogger(config.logLevel);
const targets = createTargets(config);
const { host, port, siteDir } = config.server;
if (!existsSync(siteDir)) {
  log.warn({ siteDir }, 'no built site here: serving the API only (run `npm run build`)');
}

const server = serve(
  {
    fetch: createApp({ targets, log, siteDir, identity: config.identity }).fetch,
    hostname: host,
    port,
  },
  (info) => {
    log.info(
      {
        url: `http://${host}:${info.port}`,
        temporal: `${config.temporal.address} (${config.temporal.namespace})`,
        // The address only: the connection string may hold a password.
        mongo: targets.mongo.configured ? targets.mongo.address : 'not configured',
      },
      'Runsheet is serving',
    );
  },
);

function shutdown(signal: string) {
  log.info({ signal }, 'shutting down');
  server.close();
  void closeTargets(targets).finally(() => process.exit(0));
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

server.on('error', (error: NodeJS.ErrnoException) => {
  const hint =
    error.code === 'EADDRINUSE' ? ` Port ${port} is taken: set RUNSHEET_PORT to a free one.` : '';
  log.fatal({ err: error }, `cannot listen on ${host}:${port}.${hint}`);
  process.exit(1);
});
