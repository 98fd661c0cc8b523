/**
 * Traffic for the real-perf figures: a Node process that sends 64-byte UDP datagrams as fast as it
 * can to the discard port of an address in a test's network namespace, for a while. Every datagram
 * crosses the bridge and the veth pair and is freed at a closed port, so perf sees each one on
 * several net: tracepoints and skb:kfree_skb.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export function startUdpFlood(address: string, seconds: number): ChildProcess {
  const sender = `const s=require('dgram').createSocket('udp4');const b=Buffer.alloc(64);const end=Date.now()+${seconds * 1000};(function go(){for(let i=0;i<200;i++)s.send(b,9,'${address}');if(Date.now()<end)setImmediate(go);else s.close();})();`;
  return spawn(process.execPath, ['-e', sender], { stdio: 'ignore' });
}
