/**
 * A stand-in for perf, for tests of the capture code that need neither root nor a kernel's
 * tracepoints: a program named perf, first on PATH, that answers --version and `list`, and for
 * `trace` prints what it is told to on standard error and runs the command after --, or keeps
 * printing events until SIGINT, as perf trace does. It is a Node script, not a shell one: the
 * wrapper starts perf in the background, where a shell ignores SIGINT and may not trap it.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = `#!${process.execPath}
const { spawnSync } = require('node:child_process');
const { readFileSync, writeSync } = require('node:fs');
const args = process.argv.slice(2);
if (args[0] === '--version') {
  console.log('perf version 0.0.fake');
  process.exit(0);
}
if (args[0] === 'list') {
  console.log('net:net_dev_queue net:netif_rx net:netif_receive_skb skb:kfree_skb sched:sched_switch');
  process.exit(0);
}
const command = args.includes('--') ? args.slice(args.indexOf('--') + 1) : [];
if (process.env.FAKE_PERF_OUTPUT) writeSync(2, readFileSync(process.env.FAKE_PERF_OUTPUT));
if (process.env.FAKE_PERF_UNTIL_INT === '1') {
  let i = 100;
  const event = (name) => \`     0.\${++i} fake/1 net:netif_rx(skbaddr: 0xffff0001, len: 1, name: "\${name}")\\n\`;
  const timer = setInterval(() => writeSync(2, event('lo')), 50);
  process.on('SIGINT', () => {
    clearInterval(timer);
    writeSync(2, event('last'));
    process.exit(0);
  });
} else {
  if (command.length > 0) spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
  process.exit(Number(process.env.FAKE_PERF_EXIT || 0));
}
`;

export interface FakePerf {
  /** The folder holding perf (and the files tests write for it). */
  dir: string;
  /** An environment in which `perf` is the stand-in; `output` is what `perf trace` prints on stderr. */
  env(behaviour: { output?: string; exitCode?: number; untilInterrupted?: boolean }, base?: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv>;
  remove(): Promise<void>;
}

export async function makeFakePerf(): Promise<FakePerf> {
  const dir = await mkdtemp(join(tmpdir(), 'skbscope-fake-perf-'));
  const perf = join(dir, 'perf');
  await writeFile(perf, SCRIPT);
  await chmod(perf, 0o755);
  let outputs = 0;
  return {
    dir,
    async env(behaviour, base = process.env) {
      const env: NodeJS.ProcessEnv = { ...base, PATH: `${dir}:${base.PATH ?? '/usr/bin:/bin'}`, FAKE_PERF_EXIT: String(behaviour.exitCode ?? 0) };
      if (behaviour.output !== undefined) {
        const file = join(dir, `output-${++outputs}.txt`);
        await writeFile(file, behaviour.output);
        env.FAKE_PERF_OUTPUT = file;
      }
      if (behaviour.untilInterrupted) env.FAKE_PERF_UNTIL_INT = '1';
      return env;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
