/**
 * A docker-like topology for real captures: a bridge (like docker0) with an address on the host, a
 * veth pair whose host side is a port of the bridge, and a network namespace (like a container)
 * holding the other side, renamed eth0. Names and the 10.x.y.0/24 subnet are random per run, so
 * parallel runs cannot collide; remove() takes it all down and tolerates what is already gone.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, statSync, writeFileSync } from 'node:fs';

export interface Topology {
  /** The bridge, like docker0. */
  bridge: string;
  /** The host side of the veth pair, a port of the bridge. */
  veth: string;
  /** The namespace; its side of the pair is called eth0. */
  namespace: string;
  hostAddress: string;
  namespaceAddress: string;
  remove(): void;
}

/** Interface names are at most 15 characters (IFNAMSIZ 16 with its NUL): 4 + 8 here. */
const PREFIX = { bridge: 'sbbr', veth: 'sbve', peer: 'sbvp' };

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function quietly(run: () => unknown): void {
  try {
    run();
  } catch {
    // Already gone.
  }
}

function macOf(json: string): string {
  const [link] = JSON.parse(json) as { address: string }[];
  if (!link) throw new Error('no such link');
  return link.address;
}

/** A /24 in 10.0.0.0/8 that no address on this host is in yet. */
function freeSubnet(): string {
  const used = ip('-4', '-o', 'addr', 'show');
  for (;;) {
    const subnet = `10.${randomInt(64, 255)}.${randomInt(0, 256)}`;
    if (!used.includes(` ${subnet}.`)) return subnet;
  }
}

export function buildTopology(): Topology {
  const id = randomBytes(4).toString('hex');
  const bridge = PREFIX.bridge + id;
  const veth = PREFIX.veth + id;
  const peer = PREFIX.peer + id;
  const namespace = `skbscope-test-${id}`;
  const subnet = freeSubnet();
  const hostAddress = `${subnet}.1`;
  const namespaceAddress = `${subnet}.2`;

  const remove = (): void => {
    // Deleting the namespace deletes eth0 and with it the whole veth pair.
    quietly(() => ip('netns', 'delete', namespace));
    quietly(() => ip('link', 'delete', veth));
    quietly(() => ip('link', 'delete', bridge));
  };

  try {
    ip('netns', 'add', namespace);
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('link', 'add', veth, 'type', 'veth', 'peer', 'name', peer);
    ip('link', 'set', peer, 'netns', namespace);
    ip('-n', namespace, 'link', 'set', peer, 'name', 'eth0');
    // No IPv6: its router and listener chatter would add packets of its own to system-wide captures.
    for (const link of [bridge, veth]) sysctlWrite(`/proc/sys/net/ipv6/conf/${link}/disable_ipv6`);
    execFileSync('ip', ['netns', 'exec', namespace, 'sh', '-c', 'echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/eth0/disable_ipv6']);
    ip('link', 'set', veth, 'master', bridge);
    ip('addr', 'add', `${hostAddress}/24`, 'dev', bridge);
    ip('-n', namespace, 'addr', 'add', `${namespaceAddress}/24`, 'dev', 'eth0');
    ip('link', 'set', bridge, 'up');
    ip('link', 'set', veth, 'up');
    ip('-n', namespace, 'link', 'set', 'lo', 'up');
    ip('-n', namespace, 'link', 'set', 'eth0', 'up');
    // Fixed neighbours: no ARP, so a ping is exactly one request and one reply.
    const bridgeMac = macOf(ip('-j', 'link', 'show', bridge));
    const eth0Mac = macOf(ip('-j', '-n', namespace, 'link', 'show', 'eth0'));
    ip('neigh', 'replace', namespaceAddress, 'lladdr', eth0Mac, 'dev', bridge, 'nud', 'permanent');
    ip('-n', namespace, 'neigh', 'replace', hostAddress, 'lladdr', bridgeMac, 'dev', 'eth0', 'nud', 'permanent');
  } catch (err) {
    remove();
    throw err;
  }
  return { bridge, veth, namespace, hostAddress, namespaceAddress, remove };
}

function sysctlWrite(path: string): void {
  // Only where the kernel has IPv6 at all.
  if (existsSync(path)) writeFileSync(path, '1');
}

/**
 * What runs killed before they could clean up left behind: namespaces older than ten minutes, and
 * bridges whose namespace is gone (a run makes its namespace first and deletes it first).
 */
export function removeLeftoverTopologies(): void {
  const namespaces = ip('netns', 'list')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith('skbscope-test-'));
  for (const name of namespaces) {
    const made = statSync(`/run/netns/${name}`, { throwIfNoEntry: false });
    if (made && Date.now() - made.mtimeMs > 10 * 60 * 1000) quietly(() => ip('netns', 'delete', name));
  }
  const bridges = (JSON.parse(ip('-j', 'link', 'show', 'type', 'bridge')) as { ifname: string }[]).map((l) => l.ifname);
  for (const bridge of bridges.filter((b) => b.startsWith(PREFIX.bridge))) {
    if (!existsSync(`/run/netns/skbscope-test-${bridge.slice(PREFIX.bridge.length)}`)) quietly(() => ip('link', 'delete', bridge));
  }
}
