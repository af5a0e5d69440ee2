/**
 * Builds (once) every test server into the cache, so a test run only starts them.
 * `node test/stack/prepare.ts` — .ci/run calls it before `npm test`.
 */
import { temporalCli } from './temporal.ts';

const started = Date.now();
const temporal = temporalCli();
process.stdout.write(
  `test servers ready in ${Math.round((Date.now() - started) / 1000)} s: temporal ${temporal}\n`,
);
