/** What the capture tests read from a trace: the header a capture starts with, and a ping's journey. */
import { traceFromText } from '../../shared/trace/trace-builder';
import { packetHops, packetPath } from '../../shared/view/packet-hops';
import type { Topology } from './netns';

/** Its groups: hostname, os release, perf version, cmdline, and the drop reasons when the kernel's table could be read. */
export const CAPTURE_HEADER =
  /^# ========\n# captured on : \S+\n# hostname : (.*)\n# os release : (.*)\n# perf version : (perf version .*)\n# cmdline : (.*)\n# skbscope version : .*\n(?:# skb drop reasons : (.*)\n)?# ========\n/;

export interface Journeys {
  request: string[] | undefined;
  reply: string[] | undefined;
  table: ReturnType<typeof traceFromText>['table'];
}

/** The request's and the reply's devices, in the order their skbaddrs crossed them. */
export function journeys(text: string, topology: Topology): Journeys {
  const { table } = traceFromText(text);
  const paths = Array.from({ length: table.packetCount }, (_, p) => packetHops(table, p));
  // The echo request starts on the host's bridge, the reply on the namespace's eth0.
  const startingOn = (device: string) => paths.find((hops) => hops[0]?.device === device && hops[0].eventName === 'net:net_dev_queue');
  const request = startingOn(topology.bridge);
  const reply = startingOn('eth0');
  return { request: request && packetPath(request), reply: reply && packetPath(reply), table };
}
