import { describe, expect, it } from 'vitest';
import { classifyEnding, connectionProblem, type PerfEnding, perfMissingProblem, type ProblemContext } from '../../../electron/capture/capture-problems';
import { PerfMessages } from '../../../electron/capture/perf-messages';

// perf 6.1's own words, as it printed them on this project's test machine.
const USAGE = ` Usage: perf trace [<options>] [<command>]
    or: perf trace [<options>] -- <command> [<options>]

    -e, --event <event>   event/syscall selector. use 'perf list' to list available events`;

const NO_ACCESS = `event syntax error: 'net:*'
                     \\___ can't access trace events

Error:\tNo permissions to read /sys/kernel/tracing/events/net/*
Hint:\tTry 'sudo mount -o remount,mode=755 /sys/kernel/tracing/'

Run 'perf list' for a list of valid events

${USAGE}
`;

const UNKNOWN = `event syntax error: 'net:nosuch'
                     \\___ unknown tracepoint

Error:\tFile /sys/kernel/tracing/events/net/nosuch not found.
Hint:\tPerhaps this kernel misses some CONFIG_ setting to enable this feature?.

Run 'perf list' for a list of valid events

${USAGE}
`;

const PARANOID = `Error:
Access to performance monitoring and observability operations is limited.
Consider adjusting /proc/sys/kernel/perf_event_paranoid setting to open
access to performance monitoring and observability operations for processes
without CAP_PERFMON, CAP_SYS_PTRACE or CAP_SYS_ADMIN Linux capability.
perf_event_paranoid setting is 2:
`;

const EVENT = '     0.000 ping/23647 net:net_dev_queue(skbaddr: 0xffff888104fc3400, len: 42, name: "brt9406")\n';

function linesOf(text: string): string[] {
  const messages = new PerfMessages();
  messages.push(text);
  messages.end();
  return messages.lines;
}

const ran = (over: Partial<PerfEnding> = {}): PerfEnding => ({ code: 0, signal: null, spawnError: null, stopped: false, elevatedWith: null, ...over });
const context = (over: Partial<ProblemContext> = {}): ProblemContext => ({ command: 'ping', canElevate: false, elevateWith: null, perfMissing: perfMissingProblem, ...over });
const command = context();

describe('classifyEnding', () => {
  it('finds nothing wrong when perf ends by itself or is stopped', () => {
    expect(classifyEnding(ran(), linesOf(EVENT), command)).toBeNull();
    expect(classifyEnding(ran({ stopped: true }), linesOf(EVENT), command)).toBeNull();
    // Killed by the wrapper 5 s after a stop: the events so far are still good.
    expect(classifyEnding(ran({ stopped: true, code: 137 }), linesOf(EVENT), command)).toBeNull();
  });

  it('says permission was denied, with what perf said and the choices', () => {
    const problem = classifyEnding(ran({ code: 129 }), linesOf(NO_ACCESS), context({ command: null, canElevate: true, elevateWith: 'pkexec' }));
    expect(problem).toMatchObject({ kind: 'permission', canElevate: true });
    expect(problem?.message).toBe(`perf was not allowed to trace the kernel's tracepoints. perf said: "No permissions to read /sys/kernel/tracing/events/net/*".`);
    expect(problem?.fix).toMatch(/^Run perf through pkexec/);
    expect(problem?.fix).toContain('sudo sysctl kernel.perf_event_paranoid=-1');
    expect(problem?.fix).toContain('sudo setcap cap_perfmon,cap_sys_ptrace,cap_syslog=ep $(command -v perf)');
    expect(problem?.fix).toContain('sudo mount -o remount,mode=755 /sys/kernel/tracing');
    expect(problem?.perfSaid).toContain("can't access trace events");
    // perf's usage text says nothing about the problem.
    expect(problem?.perfSaid).not.toContain('Usage');
  });

  it('offers only the lasting choices where pkexec is not on offer', () => {
    const problem = classifyEnding(ran({ code: 129 }), linesOf(NO_ACCESS), command);
    expect(problem?.canElevate).toBe(false);
    expect(problem?.fix).not.toContain('pkexec');
    expect(problem?.fix).toMatch(/^Allow it for good/);
  });

  it('reads perf_event_paranoid refusals as permission too', () => {
    const problem = classifyEnding(ran({ code: 255 }), linesOf(PARANOID), command);
    expect(problem?.kind).toBe('permission');
    expect(problem?.message).toContain('Access to performance monitoring and observability operations is limited');
  });

  it('names the unknown tracepoint', () => {
    const problem = classifyEnding(ran({ code: 129 }), linesOf(UNKNOWN), command);
    expect(problem).toMatchObject({ kind: 'unknown-tracepoint', message: 'This kernel has no tracepoint net:nosuch.' });
    expect(problem?.fix).toContain("perf list 'net:*'");
    const glob = classifyEnding(ran({ code: 129 }), linesOf(UNKNOWN.replace(/net:nosuch/g, 'net:nosuch*')), command);
    expect(glob?.message).toBe('No tracepoint on this kernel matches net:nosuch*.');
  });

  it('tells a command that was not found, though perf exits 0', () => {
    const problem = classifyEnding(ran(), linesOf('nosuchcmd: No such file or directory\n'), context({ command: 'nosuchcmd' }));
    expect(problem).toMatchObject({ kind: 'command-not-found', message: 'The command "nosuchcmd" was not found, so there was nothing to trace.' });
    const notProgram = classifyEnding(ran(), linesOf('/etc/passwd: Permission denied\n'), context({ command: '/etc/passwd' }));
    expect(notProgram?.message).toBe('The command "/etc/passwd" cannot be run: it is not an executable program.');
  });

  it('does not take the traced command’s own complaints for perf’s', () => {
    // ping's error about a file is not "ping: No such file or directory"; perf ended fine.
    expect(classifyEnding(ran(), linesOf('ping: somefile: No such file or directory\nping: socket: Permission denied\n'), command)).toBeNull();
  });

  it('explains a filter the kernel refused', () => {
    const problem = classifyEnding(ran({ code: 255 }), linesOf('Failed to set filter "len >" on event net:netif_rx with 22 (Invalid argument)\n'), command);
    expect(problem).toMatchObject({ kind: 'perf-failed', message: 'The kernel refused the filter "len >" for net:netif_rx.' });
    expect(problem?.fix).toContain('/sys/kernel/tracing/events/net/netif_rx/format');
  });

  it('gives perf’s last lines when it fails for another reason, or the signal that ended it', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `complaint ${i}`).join('\n');
    const problem = classifyEnding(ran({ code: 1 }), linesOf(`${EVENT}${lines}\n`), command);
    expect(problem).toMatchObject({ kind: 'perf-failed', message: 'perf stopped with exit status 1.' });
    expect(problem?.perfSaid.endsWith('complaint 199')).toBe(true);
    expect(problem?.perfSaid).not.toContain('net_dev_queue');
    expect(classifyEnding(ran({ code: null, signal: 'SIGKILL' }), [], command)?.message).toBe('perf was ended by SIGKILL.');
  });

  it('knows Ubuntu’s perf script without the kernel’s own perf', () => {
    const said = 'WARNING: perf not found for kernel 6.5.11\n\n  You may need to install the following packages for this specific kernel:\n    linux-tools-6.5.11-generic\n';
    const problem = classifyEnding(ran({ code: 2 }), linesOf(said), command);
    expect(problem?.kind).toBe('perf-missing');
    expect(problem?.fix).toContain('Ubuntu:  sudo apt install linux-tools-common linux-tools-$(uname -r)');
    expect(problem?.fix).toContain('Debian:  sudo apt install linux-perf');
    expect(problem?.fix).toContain('Fedora:  sudo dnf install perf');
  });

  it('tells pkexec’s dismissed dialog and refusal apart', () => {
    expect(classifyEnding(ran({ code: 126, elevatedWith: 'pkexec' }), [], command)).toMatchObject({
      kind: 'permission',
      message: 'The password dialog was closed, so perf did not run.',
      canElevate: true,
    });
    expect(classifyEnding(ran({ code: 127, elevatedWith: 'pkexec' }), linesOf('Error executing command as another user: No authentication agent found.\n'), command)).toMatchObject({
      kind: 'permission',
      canElevate: false,
      perfSaid: 'Error executing command as another user: No authentication agent found.',
    });
  });

  it('offers sudo on a server where pkexec is offered here', () => {
    const problem = classifyEnding(ran({ code: 129 }), linesOf(NO_ACCESS), context({ canElevate: true, elevateWith: 'sudo' }));
    expect(problem).toMatchObject({ kind: 'permission', canElevate: true });
    expect(problem?.fix).toMatch(/^Run perf through sudo on the server: Skbscope asks for your sudo password there/);
  });

  it.each([
    ['sudo: a password is required', /^sudo on the server now asks for a password/],
    ['alice is not in the sudoers file.  This incident will be reported.', /^This user may not run perf through sudo on the server\./],
    ['sudo: sorry, you must have a tty to run sudo', /^sudo on the server only runs from a terminal \(Defaults requiretty\)/],
  ])('says in words why sudo did not run perf: %s', (said, message) => {
    const problem = classifyEnding(ran({ code: 1, elevatedWith: 'sudo' }), linesOf(`${said.startsWith('sudo:') ? said : `sudo: ${said}`}\n`), command);
    expect(problem?.kind).toBe('permission');
    expect(problem?.message).toMatch(message);
  });

  it('uses the server’s own words for a missing perf there', () => {
    const remote = { kind: 'perf-missing' as const, message: 'perf is not installed on root@web1.', fix: 'apt', perfSaid: '', canElevate: false };
    expect(classifyEnding(ran({ code: 2 }), linesOf('WARNING: perf not found for kernel 6.8.0-31\n'), context({ perfMissing: (said) => ({ ...remote, perfSaid: said }) }))).toEqual({
      ...remote,
      perfSaid: 'WARNING: perf not found for kernel 6.8.0-31',
    });
  });

  it('says the connection was lost, and that what arrived is kept', () => {
    expect(connectionProblem('root@web1', 'web1 closed the connection', 'perf said this')).toEqual({
      kind: 'connection',
      message: 'The connection to root@web1 was lost during the capture: web1 closed the connection. Every event received until then is kept.',
      fix: 'Save what arrived if you need it, then start a new capture once the server can be reached again. perf on the server stopped when its connection went.',
      perfSaid: 'perf said this',
      canElevate: false,
    });
  });

  it('says when perf could not be started at all', () => {
    expect(classifyEnding(ran({ code: null, spawnError: 'spawn /bin/sh ENOENT' }), [], command)).toMatchObject({
      kind: 'start-failed',
      message: 'perf could not be started: spawn /bin/sh ENOENT.',
    });
  });
});

describe('PerfMessages', () => {
  it('keeps perf’s own lines, not events, across chunks, the first and last of many', () => {
    const messages = new PerfMessages();
    const text = `${EVENT}Warning: something\n${EVENT}`;
    for (const ch of text) messages.push(ch);
    messages.push('last without newline');
    messages.end();
    expect(messages.lines).toEqual(['Warning: something', 'last without newline']);

    const many = new PerfMessages();
    many.push(Array.from({ length: 500 }, (_, i) => `line ${i}\n`).join(''));
    expect(many.lines).toHaveLength(100);
    expect(many.lines[0]).toBe('line 0');
    expect(many.lines[49]).toBe('line 49');
    expect(many.lines[50]).toBe('line 450');
    expect(many.lines[99]).toBe('line 499');
  });
});
