/**
 * Builds (once) every test server into the cache, so a test run only starts them.
 * `node test/stack/prepare.ts` — .ci/run calls it before `npm test`.
 */
import { kubernetesBinaries } from './kubernetes-build.ts';
import { temporalCli } from './temporal.ts';

const started = Date.now();
const temporal = temporalCli();
const temporalSeconds = Math.round((Date.now() - started) / 1000);
const kubernetes = kubernetesBinaries();
process.stdout.write(
  `test servers ready in ${Math.round((Date.now() - started) / 1000)} s: temporal ${temporal} (${temporalSeconds} s), kubernetes ${kubernetes.dir}\n`,
);
