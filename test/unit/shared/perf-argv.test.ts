import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type CaptureSettings, DEFAULT_MAX_EVENTS, PRESETS, settingsProblems } from '../../../shared/capture/capture-settings';
import { perfCommandLine, perfTraceArgs } from '../../../shared/capture/perf-argv';
import { shellQuote, splitCommand } from '../../../shared/capture/shell-quote';

const base: CaptureSettings = { events: ['net:*'], filters: {}, mode: { kind: 'command', argv: ['ping', '-c1', '172.17.0.2'] }, maxEvents: DEFAULT_MAX_EVENTS };

describe('the perf command line', () => {
  it('traces a command as the classic article does', () => {
    expect(perfCommandLine(base)).toBe("perf trace --no-syscalls -e 'net:*' -- ping -c1 172.17.0.2");
  });

  it('puts each kernel filter right after its tracepoint, as perf wants', () => {
    const args = perfTraceArgs({ ...base, events: ['net:net_dev_queue', 'net:netif_rx'], filters: { 'net:net_dev_queue': 'len > 90' } });
    expect(args).toEqual(['trace', '--no-syscalls', '-e', 'net:net_dev_queue', '--filter', 'len > 90', '-e', 'net:netif_rx', '--', 'ping', '-c1', '172.17.0.2']);
  });

  it('captures system-wide for a while, or until stopped; the event cap is the backend’s, not perf’s', () => {
    expect(perfTraceArgs({ ...base, mode: { kind: 'system', seconds: 5 }, maxEvents: 1000 })).toEqual(['trace', '--no-syscalls', '-a', '-e', 'net:*', '--', 'sleep', '5']);
    expect(perfTraceArgs({ ...base, mode: { kind: 'system', seconds: null } })).toEqual(['trace', '--no-syscalls', '-a', '-e', 'net:*']);
  });

  it('has presets for the usual choices', () => {
    expect(PRESETS.map((p) => p.events)).toEqual([
      ['net:net_dev_queue', 'net:netif_receive_skb_entry', 'net:netif_rx', 'net:napi_gro_receive_entry'],
      ['net:*'],
      ['net:*', 'skb:kfree_skb', 'skb:consume_skb'],
    ]);
  });
});

describe('shell quoting', () => {
  const hostile = ["it's", 'a;b', '$(id)', '`id`', 'two\nlines', '', ' ', '*', '\\', '"q"', 'ünï'];

  it('gives back each word exactly, as one argument, through a real shell', () => {
    const line = ['printf', '%s\\0', ...hostile].map(shellQuote).join(' ');
    const out = spawnSync('sh', ['-c', line], { encoding: 'utf8' });
    expect(out.stdout.split('\0').slice(0, -1)).toEqual(hostile);
  });

  it('leaves plain words alone', () => {
    expect(shellQuote('net:net_dev_queue')).toBe('net:net_dev_queue');
    expect(shellQuote('-c1')).toBe('-c1');
  });

  it('splits a typed command into words without expanding anything', () => {
    expect(splitCommand(`ping -c1 "172.17.0.2"`)).toEqual(['ping', '-c1', '172.17.0.2']);
    expect(splitCommand(`bash -c 'echo hi > /dev/udp/172.17.0.2/9999'`)).toEqual(['bash', '-c', 'echo hi > /dev/udp/172.17.0.2/9999']);
    expect(splitCommand('echo $(id) a\\ b')).toEqual(['echo', '$(id)', 'a b']);
    expect(splitCommand(`echo "unclosed`)).toBeNull();
    expect(splitCommand('   ')).toEqual([]);
  });
});

describe('settings problems', () => {
  it('are none for a runnable capture', () => {
    expect(settingsProblems(base)).toEqual([]);
  });

  it('name what to fix', () => {
    expect(settingsProblems({ ...base, events: [] })).toEqual(['Choose at least one tracepoint.']);
    expect(settingsProblems({ ...base, events: ['net:x; rm -rf /'] })[0]).toMatch(/not a tracepoint name/);
    expect(settingsProblems({ ...base, mode: { kind: 'command', argv: [] } })[0]).toMatch(/Type the command/);
    expect(settingsProblems({ ...base, filters: { 'skb:kfree_skb': 'reason == 2' } })[0]).toMatch(/belongs to no chosen/);
    expect(settingsProblems({ ...base, maxEvents: 0 })).toEqual(['The event cap must be a whole number above 0, at most 1,000,000,000.']);
    expect(settingsProblems({ ...base, maxEvents: Number.NaN })[0]).toMatch(/^The event cap/);
  });
});
