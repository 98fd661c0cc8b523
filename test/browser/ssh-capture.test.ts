/**
 * A capture on a server as a person does it in the browser preview: add the server in the capture
 * dialog, accept its host key in the prompt (fingerprint as ssh prints it), see the server
 * described, capture, and find the key in known_hosts. The preview runs as a temporary user, so
 * its ~/.ssh and saved servers are that user's, never the real ones; the server is this machine
 * through Debian's sshd on loopback.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppSession, browserTestsCanRun, openApp } from '../support/app-page';
import { missingForCaptures } from '../support/capture-requirements';
import { expectNoneLeft } from '../support/processes';
import { requireOrSkip } from '../support/requirements';
import { makeUserKey } from '../support/ssh-home';
import { createTestUser, type TestUser } from '../support/ssh-users';
import { missingSshd, startSshd, type TestSshd } from '../support/sshd';

const canRun = browserTestsCanRun() && requireOrSkip(missingForCaptures() ?? missingSshd());

describe.runIf(canRun)('capturing on a server from the browser preview', () => {
  let sshd: TestSshd;
  let user: TestUser;
  let app: AppSession;

  beforeAll(async () => {
    sshd = await startSshd();
    user = createTestUser();
    const ssh = join(user.home, '.ssh');
    mkdirSync(ssh, { mode: 0o700 });
    sshd.authorize('root', [makeUserKey(join(ssh, 'id_ed25519')).publicLine]);
    execFileSync('chown', ['-R', `${user.name}:${user.name}`, ssh]);
    chmodSync(user.home, 0o755);
    app = await openApp([], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: user.home }, asUser: user.uid });
  });
  afterAll(async () => {
    await app?.close();
    if (sshd !== undefined) await expectNoneLeft(sshd.mark, 10_000);
    user?.remove();
    await sshd?.stop();
  });

  it('adds a server, asks about its host key, describes it, and captures a command there', async () => {
    const { page } = app;
    await page.getByRole('button', { name: /Start a capture/ }).click();
    const dialog = page.getByRole('dialog', { name: 'New capture' });
    await dialog.getByRole('button', { name: 'Add a server…' }).click();
    const form = dialog.getByRole('group', { name: 'Add a server' });
    await form.getByLabel('Host').fill('127.0.0.1');
    await form.getByLabel('Port').fill(String(sshd.port));
    await form.getByLabel('User').fill('root');
    await form.getByRole('button', { name: 'Add' }).click();

    const question = page.getByRole('dialog', { name: 'Unknown host key' });
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', join(sshd.dir, 'ssh_host_ed25519_key.pub')], { encoding: 'utf8' }).split(' ')[1];
    await expect.poll(() => question.getByTestId('fingerprint').textContent(), { timeout: 15_000 }).toBe(fingerprint);
    await question.getByRole('button', { name: 'Accept and remember' }).click();
    await expect.poll(() => dialog.getByTestId('capture-target').textContent(), { timeout: 15_000 }).toMatch(
      new RegExp(`^root@127\\.0\\.0\\.1: ${hostname().replace(/\./g, '\\.')} · Linux .* · perf version .* · as root$`),
    );
    expect(await dialog.getByLabel('Capture on').locator('option:checked').textContent()).toBe(`root@127.0.0.1:${sshd.port} (root@127.0.0.1:${sshd.port})`);

    await dialog.getByLabel(/Run a command/).check();
    await dialog.getByLabel('Command', { exact: true }).fill('ping -c2 -i 0.2 127.0.0.1');
    await dialog.getByRole('button', { name: 'Start capture' }).click();
    await expect.poll(() => page.getByTestId('capture-status').textContent(), { timeout: 20_000 }).toMatch(/^Finished/);
    expect(Number(((await page.getByTestId('capture-events').textContent()) ?? '0').replace(/,/g, ''))).toBeGreaterThan(10);

    // Remembered as ssh would, in the user's own known_hosts; the server saved in the user's data folder.
    expect(spawnSync('ssh-keygen', ['-F', `[127.0.0.1]:${sshd.port}`, '-f', join(user.home, '.ssh', 'known_hosts')]).status).toBe(0);
    expect(existsSync(join(user.home, '.config', 'skbscope', 'servers.json'))).toBe(true);
    expect(app.errors).toEqual([]);
  });
});
