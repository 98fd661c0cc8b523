import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../../electron/ssh/ssh-config/ssh-target';

describe('parseTarget', () => {
  it.each([
    ['web', { user: null, host: 'web', port: null }],
    ['alice@web', { user: 'alice', host: 'web', port: null }],
    ['web:2222', { user: null, host: 'web', port: 2222 }],
    ['alice@web.example:22', { user: 'alice', host: 'web.example', port: 22 }],
    ['a@b@web', { user: 'a@b', host: 'web', port: null }],
    ['[::1]:2222', { user: null, host: '::1', port: 2222 }],
    ['bob@[fe80::1]', { user: 'bob', host: 'fe80::1', port: null }],
    ['::1', { user: null, host: '::1', port: null }],
    ['bob@2001:db8::1', { user: 'bob', host: '2001:db8::1', port: null }],
    ['ssh://web', { user: null, host: 'web', port: null }],
    ['ssh://alice@web.example:2200', { user: 'alice', host: 'web.example', port: 2200 }],
    ['ssh://al%40ice;fingerprint=x@web.example.:2200/', { user: 'al@ice', host: 'web.example', port: 2200 }],
  ])('%s', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });

  it.each(['', '@web', 'web:0', 'web:65536', 'web:ssh', 'ssh://web/path', 'ssh://@web', 'ssh://we b', 'ssh://[::1]', 'web;rm', '-oProxyCommand=x', 'a b', '$(id)@web', "o'brien@web", '[::1'])('refuses %j', (text) => {
    expect(() => parseTarget(text)).toThrow(Error);
  });
});
