/**
 * Builds (once) every sandbox server into the cache, so a test run only starts them.
 * `node test/stack/prepare.ts` — .ci/run calls it before `npm test`.
 */
import { ferretDbBinary, kubernetesBinaries, temporalCli } from './servers.ts';

// One after the other: each Go build already uses every core.
const seconds = (since: number) => Math.round((Date.now() - since) / 1000);
const started = Date.now();
const temporal = await temporalCli();
const temporalSeconds = seconds(started);
const ferretdb = await ferretDbBinary();
const ferretdbSeconds = seconds(started) - temporalSeconds;
const kubernetes = await kubernetesBinaries();
process.stdout.write(
  `test servers ready in ${seconds(started)} s: temporal ${temporal} (${temporalSeconds} s), ` +
    `ferretdb ${ferretdb} (${ferretdbSeconds} s), kubernetes ${kubernetes.dir} (${seconds(started) - temporalSeconds - ferretdbSeconds} s)\n`,
);
