/** Captures bundled with the app, so a first-time user sees what Skbscope does before capturing. */
import pingBridgeVeth from '../samples/ping-bridge-veth.txt?raw';
import tcpBulk from '../samples/tcp-bulk.txt?raw';
import udpDrop from '../samples/udp-closed-port-drop.txt?raw';

export interface Sample {
  id: string;
  title: string;
  description: string;
  text: string;
}

export const SAMPLES: readonly Sample[] = [
  {
    id: 'ping',
    title: 'ping through docker0 and a veth',
    description: 'One echo request into a container namespace and its reply: 20 events, 2 packets.',
    text: pingBridgeVeth,
  },
  {
    id: 'udp-drop',
    title: 'UDP to a closed port, dropped',
    description: 'The datagram is freed with kfree_skb (no socket) and an ICMP error comes back.',
    text: udpDrop,
  },
  {
    id: 'tcp-bulk',
    title: '20 MB over TCP',
    description: 'A curl download through the bridge: 9,165 events, GSO and GRO at work.',
    text: tcpBulk,
  },
];

export function loadSample(sample: Sample, sink: { chunk(text: string, bytes: number): void; end(): void }): void {
  sink.chunk(sample.text, sample.text.length);
  sink.end();
}
