import { describe, expect, it } from 'vitest';
import { parseCaptureArgs } from '../../../electron/cli/capture-args';

const parse = (...argv: string[]) => parseCaptureArgs(argv, '/home/me');

describe('skbscope capture arguments', () => {
  it('captures the default events system-wide until stopped', () => {
    expect(parse('-o', 'out.txt')).toEqual({
      kind: 'run',
      output: '/home/me/out.txt',
      settings: { events: ['net:*', 'skb:kfree_skb', 'skb:consume_skb'], filters: {}, mode: { kind: 'system', seconds: null }, maxEvents: 5_000_000 },
      ssh: null,
    });
  });

  it('traces a command after --, its own options included', () => {
    expect(parse('-e', 'net:netif_rx', '--output=/tmp/p.txt', '--', 'ping', '-c1', '-o', 'x')).toMatchObject({
      kind: 'run',
      output: '/tmp/p.txt',
      settings: { events: ['net:netif_rx'], mode: { kind: 'command', argv: ['ping', '-c1', '-o', 'x'] } },
    });
  });

  it('gives each --filter to the -e just before it', () => {
    expect(parse('-e', 'net:netif_rx', '--filter', 'len > 100', '--event=net:net_dev_queue', '-e', 'skb:kfree_skb', '--filter=reason != 2', '-o', 'f')).toMatchObject({
      settings: {
        events: ['net:netif_rx', 'net:net_dev_queue', 'skb:kfree_skb'],
        filters: { 'net:netif_rx': 'len > 100', 'skb:kfree_skb': 'reason != 2' },
      },
    });
  });

  it('captures on a server with --ssh, trusting a new host key only when told to', () => {
    expect(parse('--ssh', 'root@10.0.0.5:2222', '-o', 'f', '--', 'ping', '-c1', 'x')).toMatchObject({
      kind: 'run',
      ssh: { target: 'root@10.0.0.5:2222', acceptNewHostKey: false },
      settings: { mode: { kind: 'command', argv: ['ping', '-c1', 'x'] } },
    });
    expect(parse('--ssh=web1', '--accept-new-host-key', '-o', 'f')).toMatchObject({ ssh: { target: 'web1', acceptNewHostKey: true } });
  });

  it('reads --duration and --max-events', () => {
    expect(parse('--duration', '5', '--max-events=1000', '-o', 'f')).toMatchObject({ settings: { mode: { kind: 'system', seconds: 5 }, maxEvents: 1000 } });
  });

  it.each([
    [['-e', 'net:*'], /say where to write the capture with -o FILE/],
    [['--filter', 'len > 1', '-o', 'f'], /--filter applies to the -e just before it/],
    [['-e', 'net:*', '--filter', 'a', '--filter', 'b', '-o', 'f'], /two filters/],
    [['--duration', '0', '-o', 'f'], /--duration takes whole seconds/],
    [['--duration', '1.5', '-o', 'f'], /--duration takes whole seconds/],
    [['--max-events', '-3', '-o', 'f'], /--max-events takes a whole number from 1 to 1000000000/],
    [['--max-events', '0', '-o', 'f'], /--max-events takes a whole number from 1/],
    [['--duration', '3', '-o', 'f', '--', 'ping'], /--duration is for system-wide captures/],
    [['-o', 'f', '--'], /nothing follows --/],
    [['-o', 'f', 'ping'], /put the command to trace after --/],
    [['--bogus', '-o', 'f'], /unknown option --bogus/],
    [['-o'], /-o needs a value/],
    [['-e', 'not a tracepoint', '-o', 'f'], /is not a tracepoint name/],
    [['-e', 'net:*', '-e', 'net:*', '-o', 'f'], /given twice/],
    [['--accept-new-host-key', '-o', 'f'], /--accept-new-host-key goes with --ssh/],
    [['--ssh', 'a', '--ssh', 'b', '-o', 'f'], /--ssh is given twice/],
    [['--ssh', '-oProxyCommand=x', '-o', 'f'], /--ssh takes a server/],
    [['--ssh'], /--ssh needs a value/],
  ])('refuses %j', (argv, message) => {
    const result = parse(...argv);
    expect(result.kind).toBe('error');
    expect(result.kind === 'error' && result.message).toMatch(message);
  });

  it('asks for help', () => {
    expect(parse('-o', 'f', '--help')).toEqual({ kind: 'help' });
  });
});
