/**
 * Builds (once) every test server into the cache, so a test run only starts them.
 * `node test/stack/prepare.ts` — .ci/run calls it before `npm test`.
 */
import { ferretDbBinary } from './ferretdb.ts';
import { temporalCli } from './temporal.ts';

// One after the other: each Go build already uses every core.
const started = Date.now();
const temporal = temporalCli();
const ferretdb = ferretDbBinary();
process.stdout.write(
  `test servers ready in ${Math.round((Date.now() - started) / 1000)} s: temporal ${temporal}, ferretdb ${ferretdb}\n`,
);
