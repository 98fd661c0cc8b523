/**
 * ssh -G prints IdentityFile as written; ssh expands it only when it loads keys, after connecting.
 * So ssh connects here to a local port that hangs up at once, and its -v log names each key file
 * as it expands it: every token, `~` and `${VAR}` must come out as the resolver expands them.
 */
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveHost } from '../../../electron/ssh/ssh-config/resolve-host';
import { requireOrSkip } from '../../support/requirements';
import { makeSshSandbox, missingSshOracle, type SshSandbox } from '../../support/ssh-oracle';

const run = requireOrSkip(missingSshOracle());

describe.runIf(run)('identity file paths as ssh expands them', () => {
  let box: SshSandbox;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    box = await makeSshSandbox();
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await box.remove();
  });

  it('expands %h %p %r %u %d %n %k %l %L %i %C %%, ~ and ${VAR} like ssh', async () => {
    await box.write(
      '.ssh/config',
      `Host exp
  HostName 127.0.0.1
  Port ${port}
  User euser
  HostKeyAlias Alias.Key
  IdentityFile ~/.ssh/id_%h_%p_%r
  IdentityFile %d/k-%u-%n-%k-%%
  IdentityFile ~/.ssh/%l-%L-%i
  IdentityFile ~/.ssh/%C
  IdentityFile \${SKBSCOPE_KEYS}/env-key
`,
    );
    const env = { SKBSCOPE_KEYS: '/tmp/skbscope-keys' };
    const ssh = await box.ssh(['-v', '-F', box.source.userConfig, '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', 'exp', 'true'], env);
    // ssh also tries each key's -cert.pub companion; only the keys themselves are compared.
    const loaded = [...ssh.stderr.matchAll(/identity file (.+) type -?\d+/g)].map((match) => box.fromSsh(match[1] ?? '')).filter((path) => !path.endsWith('-cert'));
    expect(loaded.length, ssh.stderr).toBe(5);
    const resolved = await resolveHost('exp', { ...box.source, systemConfig: null, env });
    expect(resolved.identityFiles).toEqual(loaded);
  });
});
