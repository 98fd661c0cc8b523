/**
 * A small tracefs events folder as the kernel lays it out, for tests that must know exactly which
 * tracepoints it holds: a folder per tracepoint (net, skb, tcp, and sched, which carries no
 * packets), the files beside them (enable, filter), and a subsystem (udp) without tracepoints.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Makes `parent`/events and returns its path. */
export async function tracefsLike(parent: string): Promise<string> {
  const events = join(parent, 'events');
  for (const tp of ['net/netif_rx', 'net/net_dev_queue', 'skb/kfree_skb', 'sched/sched_switch', 'tcp/tcp_probe']) await mkdir(join(events, tp), { recursive: true });
  for (const file of ['enable', 'net/enable', 'net/filter']) await writeFile(join(events, file), '0\n');
  await mkdir(join(events, 'udp'));
  return events;
}
