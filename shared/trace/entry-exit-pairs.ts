/**
 * Exit events (`net:netif_rx_exit()`, `net:netif_receive_skb_exit(ret=0)`) name neither a device
 * nor an skb, but they close the `_entry` event of the same name that ran last on the same thread
 * or CPU (or, where perf printed neither, in the whole trace). Matching them, as a stack per thread since these calls nest, puts each exit on the row
 * and in the packet of its entry rather than on a row of unattributed events.
 */
export interface PairedEntry {
  packet: number;
  row: number;
}

type Role = { kind: 'entry' | 'exit'; base: string } | { kind: 'other' };

export class EntryExitPairs {
  private readonly roles = new Map<number, Role>();
  private readonly open = new Map<string, PairedEntry[]>();

  /** Notes an event in time order; for an exit, returns the entry it closes. */
  see(eventString: number, eventName: string, thread: number, packet: number, row: number): PairedEntry | null {
    const role = this.roleOf(eventString, eventName);
    if (role.kind === 'other') return null;
    const key = `${role.base}\u0000${thread}`;
    let stack = this.open.get(key);
    if (role.kind === 'entry') {
      if (!stack) this.open.set(key, (stack = []));
      stack.push({ packet, row });
      return null;
    }
    return stack?.pop() ?? null;
  }

  reset(): void {
    this.open.clear();
  }

  private roleOf(eventString: number, name: string): Role {
    let role = this.roles.get(eventString);
    if (!role) {
      const m = /^(.*)_(entry|exit)$/.exec(name);
      role = m ? { kind: m[2] as 'entry' | 'exit', base: m[1] as string } : { kind: 'other' };
      this.roles.set(eventString, role);
    }
    return role;
  }
}
