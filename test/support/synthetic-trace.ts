/**
 * Seeded synthetic perf traces that look like a busy container host: packets crossing
 * docker0 → veth → eth0 and back, skb memory reused for later packets, bursts and quiet gaps,
 * entry/exit pairs, the odd drop. Same seed, same text; in any of the four layouts.
 */
import type { Layout } from '../../shared/trace/event-batch';

export interface SyntheticOptions {
  events: number;
  seed?: number;
  layout?: Layout;
  /** Number of veth pairs (containers). */
  containers?: number;
}

interface Ev {
  us: number;
  comm: string;
  pid: number;
  cpu: number;
  name: string;
  dev: string | null;
  skb: string | null;
  len: number;
}

export function syntheticTrace(o: SyntheticOptions): string {
  const rand = mulberry32(o.seed ?? 1);
  const layout = o.layout ?? 'perf-trace';
  const containers = o.containers ?? 4;
  const veths = Array.from({ length: containers }, (_, i) => `veth${(0x3f1c2a + i * 7919).toString(16)}`);
  const skbPool = Array.from({ length: 64 }, (_, i) => `0xffff8881${(0x0b474000 + i * 0x100).toString(16).padStart(8, '0')}`);
  const comms = [
    ['curl', 9253],
    ['python3', 9301],
    ['swapper/0', 0],
    ['ping', 9049],
  ] as const;
  const out: string[] = [];
  let t = 0;
  let n = 0;
  const emit = (e: Ev): void => {
    out.push(formatLine(layout, e));
    n++;
  };
  while (n < o.events) {
    // Bursts: mostly packets a few µs apart, now and then a quiet gap of milliseconds.
    t += rand() < 0.02 ? 1000 + rand() * 20_000 : 2 + rand() * 30;
    const [comm, pid] = comms[Math.floor(rand() * comms.length)] ?? comms[0];
    const cpu = Math.floor(rand() * 2);
    const skb = skbPool[Math.floor(rand() * skbPool.length)] ?? null;
    const veth = veths[Math.floor(rand() * veths.length)] ?? 'veth0';
    const len = rand() < 0.5 ? 98 : 1514;
    const outbound = rand() < 0.5;
    const path = outbound ? ['docker0', veth, 'eth0'] : ['eth0', veth, 'docker0'];
    let us = t;
    const step = (): number => (us += 3 + rand() * 15);
    for (let hop = 0; hop < path.length && n < o.events; hop++) {
      const dev = path[hop] ?? null;
      if (hop < 2) {
        emit({ us: step(), comm, pid, cpu, name: 'net:net_dev_queue', dev, skb, len });
        emit({ us: step(), comm, pid, cpu, name: 'net:net_dev_start_xmit', dev, skb, len });
        emit({ us: step(), comm, pid, cpu, name: 'net:net_dev_xmit', dev, skb, len });
      } else {
        emit({ us: step(), comm, pid, cpu, name: 'net:netif_receive_skb_entry', dev, skb, len: len - 14 });
        emit({ us: step(), comm, pid, cpu, name: 'net:netif_receive_skb', dev, skb, len: len - 14 });
        emit({ us: step(), comm, pid, cpu, name: 'net:netif_receive_skb_exit', dev: null, skb: null, len: -1 });
      }
    }
    if (n < o.events) {
      const drop = rand() < 0.01;
      emit({ us: step(), comm, pid, cpu, name: drop ? 'skb:kfree_skb' : 'skb:consume_skb', dev: null, skb, len: -1 });
    }
  }
  return `${out.slice(0, o.events).join('\n')}\n`;
}

function formatLine(layout: Layout, e: Ev): string {
  const kv: [string, string][] = [];
  if (e.dev !== null) kv.push(['dev', e.dev]);
  if (e.skb !== null) kv.push(['skbaddr', e.skb]);
  if (e.len >= 0) kv.push(['len', String(e.len)]);
  if (e.name === 'skb:kfree_skb') kv.push(['reason', '2']);
  const kvWithZeros = e.name.endsWith('_exit') ? [...kv, ['ret', '0'] as [string, string]] : kv;
  switch (layout) {
    case 'perf-trace': {
      // perf trace's own printer leaves out fields whose value is zero: `netif_receive_skb_exit()`.
      const fields = kv.map(([k, v]) => (k === 'dev' ? `name: "${v}"` : `${k}: ${v}`)).join(', ');
      return `${(e.us / 1000).toFixed(3).padStart(10)} ${e.comm}/${e.pid} ${e.name}(${fields})`;
    }
    case 'perf-trace-libtraceevent':
      return `${(e.us / 1000).toFixed(3).padStart(10)} ${e.comm}/${e.pid} ${e.name}(${keyEquals(kvWithZeros)})`;
    case 'perf-trace-legacy':
      return `${(e.us / 1000).toFixed(3).padStart(10)} ${e.name}:${keyEquals(kvWithZeros)})`;
    case 'perf-script': {
      const secs = (5000 + e.us / 1e6).toFixed(6);
      return `${e.comm.padStart(16)} ${String(e.pid).padStart(6)} [${String(e.cpu).padStart(3, '0')}] ${secs}: ${e.name.padStart(30)}: ${keyEquals(kvWithZeros)}`;
    }
  }
}

function keyEquals(kv: [string, string][]): string {
  return kv.map(([k, v]) => `${k}=${v}`).join(' ');
}

/** A small, well-mixed seeded generator (public-domain mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
