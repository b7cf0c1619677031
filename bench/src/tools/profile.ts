/**
 * Runs one contender of one default suite alone for a few seconds, for `node --cpu-prof`:
 *   cd bench && node --cpu-prof --cpu-prof-dir=/tmp/prof --conditions=@sessionkit/source --import tsx \
 *     src/tools/profile.ts sqlite "ours: db engine, plain" [seconds]
 * then: node --import tsx src/tools/cpuprofile-summary.ts /tmp/prof/<file>.cpuprofile
 */
import { Loadgen } from '../http/driver.js';
import { defaultSuites } from '../suites.js';
import { removeWorkdir } from '../workdir.js';
import { runMain } from '../harness/run-main.js';

async function main(): Promise<void> {
  const [suiteId, name, seconds = '4'] = process.argv.slice(2);
  let loadgen: Loadgen | undefined;
  const entry = defaultSuites(() => {
    loadgen ??= new Loadgen();
    return loadgen;
    // HTTP servers in this process, so that the profile sees them.
  }, 'shared').find((e) => e.id === suiteId);
  if (entry === undefined) throw new Error(`no suite ${suiteId}`);
  const spec = entry.build();
  const contender = spec.contenders.find((c) => c.name === name);
  if (contender === undefined)
    throw new Error(`no contender ${name} in ${suiteId}: ${spec.contenders.map((c) => c.name).join(', ')}`);
  await spec.setup?.();
  try {
    await contender.setup?.();
    await contender.check();
    const until = Date.now() + Number(seconds) * 1000;
    let ops = 0;
    let ms = 0;
    while (Date.now() < until) {
      const sample = await contender.round(spec.budget);
      ops += sample.ops;
      ms += sample.elapsedMs;
    }
    process.stdout.write(`${name}: ${Math.round((ops / ms) * 1000)} ${spec.unit}/s over ${(ms / 1000).toFixed(1)} s\n`);
  } finally {
    await contender.teardown?.();
    await spec.teardown?.();
    loadgen?.stop();
    removeWorkdir();
  }
}

runMain(main);
