import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeError, openAppLog } from '../../../electron/app/app-log';

const clock = () => new Date('2025-01-02T03:04:05.678Z');
const logDir = () => join(mkdtempSync(join(tmpdir(), 'skbscope-log-')), 'logs');

describe('the app log', () => {
  it('writes one timestamped line per entry into logs/skbscope.log, private to the user', () => {
    const dir = logDir();
    const log = openAppLog(dir, undefined, clock);
    log.info('started');
    log.warn('careful');
    log.error('broken');
    expect(log.path).toBe(join(dir, 'skbscope.log'));
    expect(readFileSync(log.path, 'utf8')).toBe(
      '2025-01-02T03:04:05.678Z info started\n2025-01-02T03:04:05.678Z warn careful\n2025-01-02T03:04:05.678Z error broken\n',
    );
    expect(statSync(log.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('keeps each entry on one line: newlines and control characters cannot forge another entry', () => {
    const log = openAppLog(logDir(), undefined, clock);
    log.error('Error: boom\n    at x (a.js:1)\n2025-01-01T00:00:00.000Z info forged\x1b[31m');
    const lines = readFileSync(log.path, 'utf8').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('2025-01-02T03:04:05.678Z error Error: boom |     at x (a.js:1) | 2025-01-01T00:00:00.000Z info forged\\x1b[31m');
  });

  it('cuts a huge message', () => {
    const log = openAppLog(logDir(), undefined, clock);
    log.info('x'.repeat(100_000));
    const text = readFileSync(log.path, 'utf8');
    expect(text.length).toBeLessThan(5000);
    expect(text).toContain('… (100000 characters)');
  });

  it('rotates at its size limit and keeps a bounded number of old files', () => {
    const dir = logDir();
    const log = openAppLog(dir, { maxBytes: 1000, keep: 2 }, clock);
    for (let i = 0; i < 200; i++) log.info(`entry ${i} ${'.'.repeat(40)}`);
    expect(readdirSync(dir).sort()).toEqual(['skbscope.1.log', 'skbscope.2.log', 'skbscope.log']);
    for (const name of readdirSync(dir)) expect(statSync(join(dir, name)).size).toBeLessThanOrEqual(1000);
    expect(readFileSync(join(dir, 'skbscope.log'), 'utf8')).toContain('entry 199 ');
    expect(readFileSync(join(dir, 'skbscope.1.log'), 'utf8')).not.toContain('entry 199 ');
  });

  it('counts what an earlier run left, so a restart does not grow the file past its limit', () => {
    const dir = logDir();
    openAppLog(dir, { maxBytes: 1000, keep: 1 }, clock).info('first run');
    writeFileSync(join(dir, 'skbscope.log'), 'y'.repeat(990));
    openAppLog(dir, { maxBytes: 1000, keep: 1 }, clock).info('second run');
    expect(readFileSync(join(dir, 'skbscope.log'), 'utf8')).toBe('2025-01-02T03:04:05.678Z info second run\n');
    expect(readFileSync(join(dir, 'skbscope.1.log'), 'utf8')).toBe('y'.repeat(990));
  });

  it('never throws when it cannot write', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'skbscope-log-')), 'a-file');
    writeFileSync(file, '');
    const log = openAppLog(join(file, 'logs'));
    expect(() => log.error('nowhere to go')).not.toThrow();
  });
});

describe('describing an error', () => {
  it('gives the stack of an Error and the text of anything else', () => {
    expect(describeError(new TypeError('bad'))).toMatch(/^TypeError: bad\n\s+at /);
    expect(describeError('plain')).toBe('plain');
    expect(describeError(42)).toBe('42');
  });
});
