/** What real captures need: root, perf, iproute2, ping, setpriv (see requirements.ts for how a missing one is treated). */
import { spawnSync } from 'node:child_process';

export function missingRoot(): string | null {
  return process.getuid?.() === 0 ? null : 'not running as root (captures with network namespaces need root)';
}

function missingProgram(program: string, args: string[], install: string): string | null {
  const result = spawnSync(program, args, { stdio: 'ignore' });
  return result.error === undefined ? null : `${program} not found (apt-get install ${install})`;
}

export const missingPerf = (): string | null => missingProgram('perf', ['--version'], 'linux-perf');
const missingIp = (): string | null => missingProgram('ip', ['-V'], 'iproute2');
const missingPing = (): string | null => missingProgram('ping', ['-V'], 'iputils-ping');
const missingSetpriv = (): string | null => missingProgram('setpriv', ['--version'], 'util-linux');

export const missingNft = (): string | null => missingProgram('nft', ['--version'], 'nftables');

/** Everything a real capture test needs, or the first thing missing. */
export function missingForCaptures(): string | null {
  return missingRoot() ?? missingPerf() ?? missingIp() ?? missingPing() ?? missingSetpriv();
}
