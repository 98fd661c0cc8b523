/**
 * The servers the capture dialog offers: ~/.ssh/config's aliases with where they lead, and the
 * saved ones in servers.json (written whole or not at all, private, checked when read, no secrets).
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { userDataDir } from '../../../electron/ssh/servers/data-folder';
import { SavedServers } from '../../../electron/ssh/servers/saved-servers';
import { ServerCatalog } from '../../../electron/ssh/servers/server-catalog';
import { makeSshHome, type SshHome } from '../../support/ssh-home';

let home: SshHome;
beforeEach(async () => {
  home = await makeSshHome();
});
afterEach(() => home.remove());

const spec = { host: '10.0.0.5', port: 2222, user: 'root', identityFile: '~/.ssh/lab_key' };

describe('saved servers', () => {
  it('saves, lists and forgets, once per server, in a file only its owner may read', async () => {
    const saved = new SavedServers(home.places.dataDir);
    expect(await saved.list()).toEqual({ ok: true, servers: [] });
    const first = await saved.save(spec);
    expect(await saved.save({ ...spec })).toEqual(first);
    const second = await saved.save({ host: 'web1', port: null, user: null, identityFile: null });
    expect(await saved.list()).toEqual({ ok: true, servers: [first, second] });
    expect((await stat(saved.file)).mode & 0o777).toBe(0o600);
    // Only what was typed: nothing else is ever written there.
    expect(JSON.parse(await readFile(saved.file, 'utf8'))).toEqual({ servers: [{ id: first.id, ...spec }, { id: second.id, host: 'web1', port: null, user: null, identityFile: null }] });
    expect(await saved.forget(first.id)).toBe(true);
    expect(await saved.forget(first.id)).toBe(false);
    expect(await saved.list()).toEqual({ ok: true, servers: [second] });
    // No temporary files left beside it.
    expect(await readdir(home.places.dataDir)).toEqual(['servers.json']);
  });

  it('keeps saves made at the same time', async () => {
    const saved = new SavedServers(home.places.dataDir);
    await Promise.all(Array.from({ length: 8 }, (_, i) => saved.save({ host: `h${i}`, port: null, user: null, identityFile: null })));
    const list = await saved.list();
    expect(list.ok && list.servers.map((s) => s.host).sort()).toEqual(['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7']);
  });

  it.each([
    ['not JSON', '{ servers: '],
    ['a bad field', JSON.stringify({ servers: [{ id: 'abc', host: 'has space', port: null, user: null, identityFile: null }] })],
    ['a password', JSON.stringify({ servers: [{ id: 'abc', host: 'h', port: null, user: null, identityFile: null, password: 'x' }] })],
  ])('says a damaged file (%s) is damaged, and leaves it alone', async (_what, text) => {
    const saved = new SavedServers(home.places.dataDir);
    await mkdir(home.places.dataDir, { recursive: true });
    await writeFile(saved.file, text);
    const list = await saved.list();
    expect(list.ok).toBe(false);
    expect(!list.ok && list.problem).toMatch(/^The saved servers file .*servers\.json is damaged \(.*\)\. Fix it, or remove it to start a new list\.$/);
    await expect(saved.save(spec)).rejects.toThrow(/Nothing was changed\.$/);
    expect(await readFile(saved.file, 'utf8')).toBe(text);
  });
});

describe('the server catalog', () => {
  it('offers the config’s aliases, then the saved servers, each with where it leads as ssh resolves it', async () => {
    home.writeConfig(
      ['Host bastion', '  HostName 192.0.2.1', '  User jump', 'Host web1 web2', '  HostName 10.0.0.%h', '  ProxyJump bastion', 'Host *.example.com !x', '  User nobody', 'Host *', '  User admin', ''].join(
        '\n',
      ),
    );
    const catalog = new ServerCatalog(home.places);
    const entry = await catalog.save(spec);
    expect(entry).toEqual({ id: expect.stringMatching(/^saved:[0-9a-f]+$/), source: 'saved', name: 'root@10.0.0.5:2222', resolved: 'root@10.0.0.5:2222' });
    expect(await catalog.list()).toEqual({
      servers: [
        { id: 'config:bastion', source: 'ssh-config', name: 'bastion', resolved: 'jump@192.0.2.1:22' },
        { id: 'config:web1', source: 'ssh-config', name: 'web1', resolved: 'admin@10.0.0.web1:22 via bastion' },
        { id: 'config:web2', source: 'ssh-config', name: 'web2', resolved: 'admin@10.0.0.web2:22 via bastion' },
        entry,
      ],
      problem: null,
    });
    const found = await catalog.find(entry.id);
    expect(found.name).toBe('root@10.0.0.5:2222');
    // The saved key comes first, as with ssh -i.
    expect(found.resolved.identityFiles[0]).toBe(join(home.home, '.ssh', 'lab_key'));
    expect((await catalog.find('config:web1')).resolved.proxyJump).toEqual([{ user: null, host: 'bastion', port: null }]);
    await expect(catalog.find('config:nosuch')).rejects.toThrow('nosuch is no longer a Host in your ssh config');
    expect(await catalog.forget(entry.id)).toBe(true);
    await expect(catalog.find(entry.id)).rejects.toThrow('That server is no longer saved');
  });

  it('says once when the ssh config has an error ssh would refuse, and still lists every server', async () => {
    home.writeConfig('Host a\n  Port not-a-port\n');
    const catalog = new ServerCatalog(home.places);
    await catalog.save({ host: 'h', port: null, user: null, identityFile: null });
    const list = await catalog.list();
    expect(list.servers.map((s) => [s.source, s.resolved])).toEqual([
      ['ssh-config', expect.stringMatching(/^cannot be resolved: .*config line 2: Bad port 'not-a-port'/)],
      ['saved', expect.stringMatching(/^cannot be resolved: .*config line 2: Bad port 'not-a-port'/)],
    ]);
    expect(list.problem).toMatch(/^Your ssh config has an error, which ssh would refuse too: .*config line 2: Bad port 'not-a-port'\.$/);
  });

  it.each([
    [{ host: 'me@host', port: null, user: null, identityFile: null }, 'give the user and the port in their own fields'],
    [{ host: 'host:22', port: null, user: null, identityFile: null }, 'give the user and the port in their own fields'],
    [{ host: '-oProxyCommand=x', port: null, user: null, identityFile: null }, 'contains characters a host name cannot have'],
    [{ host: 'host', port: null, user: null, identityFile: 'relative/key' }, "Give the key file's full path"],
  ])('refuses to save %j', async (bad, message) => {
    await expect(new ServerCatalog(home.places).save(bad)).rejects.toThrow(message);
  });
});

describe('the data folder of the preview and the CLI', () => {
  it('is $XDG_CONFIG_HOME/skbscope when that is absolute, otherwise ~/.config/skbscope', () => {
    expect(userDataDir({ XDG_CONFIG_HOME: '/xdg', HOME: '/home/me' })).toBe('/xdg/skbscope');
    expect(userDataDir({ XDG_CONFIG_HOME: 'relative', HOME: '/home/me' })).toMatch(/\/\.config\/skbscope$/);
  });
});
