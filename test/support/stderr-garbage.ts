/**
 * Garbage for perf's standard error, as a traced command can write it there (it shares that pipe
 * with perf): binary bytes, invalid UTF-8, NUL bytes, half an event line and an 8 MiB line.
 */
import { randomBytes } from 'node:crypto';

export function stderrGarbage(): Buffer {
  return Buffer.concat([
    randomBytes(64 * 1024),
    Buffer.from('\n\xff\xfe\xc3\x28 \xe2\x82\n\0\0\0 nul\n     1.000 ping/1 net:net_dev_queue(skbaddr: 0x\n', 'latin1'),
    Buffer.alloc(8 * 1024 * 1024, 'A'),
    Buffer.from('\n'),
  ]);
}

/** The last bytes of the garbage, to find what came after it. */
export const GARBAGE_END = 'AAAA\n';

/**
 * A command that pings lo three times, waits for perf to print those events, writes the garbage in
 * `file` to its standard error, and pings three times more: as argv, and as typed in the dialog.
 */
export function garbageCommand(file: string): { argv: string[]; typed: string } {
  const pings = 'ping -c3 -i0.1 -W1 127.0.0.1 >/dev/null';
  const script = `${pings}; sleep 1; cat "$0" >&2; ${pings}`;
  return { argv: ['sh', '-c', script, file], typed: `sh -c '${script}' ${file}` };
}
