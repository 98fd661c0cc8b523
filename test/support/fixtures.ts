/** The real perf captures in test/fixtures, with the counts their README gives. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Layout } from '../../shared/trace/event-batch';

export const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export interface Fixture {
  file: string;
  layout: Layout;
  events: number;
  devices: string[];
  skbaddrs: number;
}

const DOCKER = ['docker0', 'vethb3f1c2a', 'eth0'];

export const FIXTURES: readonly Fixture[] = [
  { file: 'ping-bridge-veth.btf.txt', layout: 'perf-trace', events: 20, devices: DOCKER, skbaddrs: 2 },
  { file: 'ping3-4tracepoints.btf.txt', layout: 'perf-trace', events: 18, devices: DOCKER, skbaddrs: 6 },
  { file: 'ping-bridge-veth.libtraceevent.txt', layout: 'perf-trace-libtraceevent', events: 20, devices: DOCKER, skbaddrs: 2 },
  { file: 'ping-bridge-veth.perf4-style.txt', layout: 'perf-trace-legacy', events: 20, devices: DOCKER, skbaddrs: 2 },
  { file: 'udp-closed-port-drop.btf.txt', layout: 'perf-trace', events: 22, devices: DOCKER, skbaddrs: 2 },
  { file: 'ping2-system-wide.perf-script.txt', layout: 'perf-script', events: 53, devices: DOCKER, skbaddrs: 2 },
  { file: 'tcp-bulk-20MB.btf.txt', layout: 'perf-trace', events: 9165, devices: DOCKER, skbaddrs: 29 },
];

export function fixturePath(file: string): string {
  return FIXTURES_DIR + file;
}

export function readFixture(file: string): string {
  return readFileSync(fixturePath(file), 'utf8');
}
