/**
 * Reading a server's answer to the probe: a real answer (this machine's own, from the probe script
 * itself), and answers a broken or hostile server could send, each value checked and bounded.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reasonsFromFormat } from '../../../shared/journeys/drop-reasons';
import { readDropReasons } from '../../../electron/capture/drop-reasons-format';
import { TRACEFS_EVENT_DIRS } from '../../../electron/capture/tracepoints';
import { installPerfAdvice } from '../../../electron/ssh/remote/perf-packages';
import { parseOsRelease, parseProbe, PROBE_SCRIPT } from '../../../electron/ssh/remote/server-probe';
import { fixturePath } from '../../support/fixtures';

const answer = (sections: Record<string, string>): string =>
  Object.entries({ ...sections, end: '' })
    .map(([name, body]) => `\n@@skbscope:${name}\n${body}`)
    .join('');

describe('the server probe', () => {
  it('reads this machine’s own answer to the script', async () => {
    const probe = parseProbe(execFileSync('/bin/sh', ['-c', PROBE_SCRIPT], { encoding: 'utf8' }));
    expect(probe.hostname).toBe(execFileSync('uname', ['-n'], { encoding: 'utf8' }).trim());
    expect(probe.kernel).toBe(execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim());
    expect(probe.uid).toBe(process.getuid?.());
    expect(probe.os.id).toMatch(/^[a-z]/);
    // Read as this user reads it here: the same table (root reads tracefs; others may not).
    expect(probe.dropReasons).toEqual(await readDropReasons(TRACEFS_EVENT_DIRS));
  });

  it('reads the kernel’s drop reasons from kfree_skb’s format, bounded, and nothing else from it', () => {
    const format = readFileSync(fixturePath('kfree_skb-format-linux-6.18.txt'), 'utf8');
    expect(parseProbe(answer({ 'kfree-skb-format': format })).dropReasons).toEqual(reasonsFromFormat(format));
    expect(parseProbe(answer({})).dropReasons.size).toBe(0);
    const hostile = `print fmt: "%s", __print_symbolic(REC->reason, { 3, "NO_SOCKET" }, { 99999999999999999999, "HUGE" }, { 5, "${'N'.repeat(65)}" }, { 6, "lower_case" })`;
    expect(parseProbe(answer({ 'kfree-skb-format': hostile })).dropReasons).toEqual(new Map([[3, 'NO_SOCKET']]));
  });

  it('takes a well-formed answer as it is', () => {
    const probe = parseProbe(
      answer({
        hostname: 'web1',
        kernel: '6.1.0-18-amd64',
        uid: '1000',
        'perf-path': '/usr/bin/perf',
        'perf-version': 'perf version 6.1.76',
        'os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"',
        sudo: 'password',
        tracefs: 'net:netif_rx\nnet:net_dev_queue\nskb:kfree_skb\nsched:sched_switch',
        'perf-list': '',
      }),
    );
    expect(probe).toEqual({
      hostname: 'web1',
      kernel: '6.1.0-18-amd64',
      uid: 1000,
      perfPath: '/usr/bin/perf',
      perfVersion: 'perf version 6.1.76',
      os: { id: 'debian', idLike: [], versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
      sudo: 'password',
      tracepoints: [
        { subsystem: 'net', events: ['net:net_dev_queue', 'net:netif_rx'] },
        { subsystem: 'skb', events: ['skb:kfree_skb'] },
      ],
      tracepointSource: 'tracefs',
      dropReasons: new Map(),
    });
  });

  it('falls back to perf list, then to nothing, when tracefs said nothing', () => {
    const listed = parseProbe(answer({ tracefs: '', 'perf-list': 'net:netif_rx sched:sched_switch skb:consume_skb' }));
    expect(listed.tracepointSource).toBe('perf list');
    expect(listed.tracepoints.flatMap((g) => g.events)).toEqual(['net:netif_rx', 'skb:consume_skb']);
    expect(parseProbe(answer({})).tracepointSource).toBe('built-in');
  });

  it('takes nothing malformed from a hostile or broken server', () => {
    const probe = parseProbe(
      answer({
        hostname: 'evil\u001b[2Jhost',
        kernel: 'x'.repeat(300),
        uid: '0; rm -rf /',
        'perf-path': 'perf',
        'perf-version': 'perf version 6.1',
        'os-release': 'ID="debian\nID_LIKE=$(reboot)',
        sudo: 'root please',
        tracefs: "net:netif_rx';touch x\nnet:*\nnet:ok_one\n../../etc:passwd\nsched:sched_switch",
      }),
    );
    expect(probe).toMatchObject({ hostname: 'unknown', kernel: 'unknown', uid: null, perfPath: null, perfVersion: null, sudo: 'missing' });
    expect(probe.os.id).toBeNull();
    expect(probe.tracepoints).toEqual([{ subsystem: 'net', events: ['net:ok_one'] }]);
  });

  it('refuses an answer that is not the probe’s, or was cut short', () => {
    expect(() => parseProbe('Welcome to the jungle\n')).toThrow('cut short or not understood');
    expect(() => parseProbe(answer({}).replace('@@skbscope:end', ''))).toThrow('cut short or not understood');
  });
});

describe('which package has perf', () => {
  const os = (text: string) => parseOsRelease(text.split('\n'));

  it.each([
    ['ID=debian', '6.1.0-18-amd64', 'Debian:  sudo apt install linux-perf'],
    ['ID=ubuntu\nID_LIKE=debian', '6.8.0-31-generic', 'Ubuntu:  sudo apt install linux-tools-common linux-tools-6.8.0-31-generic'],
    ['ID=linuxmint\nID_LIKE="ubuntu debian"', '6.8.0-31-generic', 'Ubuntu:  sudo apt install linux-tools-common linux-tools-6.8.0-31-generic'],
    ['ID="rocky"\nID_LIKE="rhel centos fedora"', '5.14.0', 'Fedora / RHEL:  sudo dnf install perf'],
    ['ID=fedora', '6.9.0', 'Fedora / RHEL:  sudo dnf install perf'],
    ['ID=arch', '6.9.0-arch1', 'Arch:  sudo pacman -S perf'],
    ['ID="opensuse-leap"\nID_LIKE="suse opensuse"', '6.4.0', 'SUSE:  sudo zypper install perf'],
    ['ID=alpine', '6.6.0-lts', 'Alpine:  apk add perf (as root)'],
  ])('%j', (release, kernel, advice) => {
    expect(installPerfAdvice(os(release), kernel)).toBe(`  ${advice}`);
  });

  it('lists them all for an unknown distribution, and never puts a strange kernel name in a command', () => {
    const advice = installPerfAdvice(os('ID=plan9'), '6.1;reboot');
    expect(advice.split('\n')).toHaveLength(6);
    expect(advice).toContain('linux-tools-$(uname -r)');
    expect(advice).not.toContain('reboot');
  });
});
