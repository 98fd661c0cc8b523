/** One plain message for each way a connection fails, including the ones loopback cannot stage (no route). */
import { describe, expect, it } from 'vitest';
import { socketError, timeoutError } from '../../../electron/ssh/connection/connect-errors';

const failed = (code: string) => socketError(Object.assign(new Error(`connect ${code}`), { code }), 'web1.example.com', 2222);

describe('connection failures', () => {
  it.each([
    ['ECONNREFUSED', 'refused', /^Could not connect to web1\.example\.com port 2222: the connection was refused, so nothing listens for SSH there\./],
    ['ENOTFOUND', 'dns', /^Could not find the host "web1\.example\.com": no such name in DNS\./],
    ['EAI_AGAIN', 'dns', /^Could not look up the host "web1\.example\.com": the name server did not answer\./],
    ['EHOSTUNREACH', 'unreachable', /^Could not reach web1\.example\.com: there is no route to it from this machine/],
    ['ENETUNREACH', 'unreachable', /^Could not reach web1\.example\.com: there is no route to it from this machine/],
    ['ETIMEDOUT', 'timeout', /^Could not connect: web1\.example\.com port 2222 did not answer in time: the host may be down/],
    ['ECONNRESET', 'closed', /^web1\.example\.com port 2222 closed the connection before SSH could start/],
  ])('%s', (code, kind, message) => {
    const error = failed(code);
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('names an IPv6 address as ssh does, and says which timeout gave up', () => {
    expect(timeoutError('::1', 22, 5, false).message).toBe(
      'Could not connect: [::1] port 22 did not answer within 5 s: the host may be down, or a firewall drops the connection. Check the host and port; ConnectTimeout in ~/.ssh/config sets how long to wait.',
    );
  });
});
