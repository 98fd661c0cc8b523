import { describe, expect, it } from 'vitest';
import { PendingOffers } from '../../../electron/app/pending-offers';
import { filesOfSecondLaunch, launchData } from '../../../electron/app/second-launch';

const launch = { defaultApp: false, workingDirectory: '/home/me/captures' };

describe('a second launch', () => {
  it('hands over its files as it resolved them, whatever argv the running app sees', () => {
    const data = launchData(['/home/me/captures/a.perftrace', '/tmp/b.skbscope']);
    const argv = ['/opt/Skbscope/skbscope', '--original-process-start-time=123', 'reordered.txt'];
    expect(filesOfSecondLaunch(data, argv, launch)).toEqual(['/home/me/captures/a.perftrace', '/tmp/b.skbscope']);
  });

  it('goes through Electron as structured data that survives a copy', () => {
    expect(filesOfSecondLaunch(structuredClone(launchData(['/x/y.txt'])), [], launch)).toEqual(['/x/y.txt']);
  });

  it('falls back to argv, resolved in the second launch’s folder, when the data is missing or malformed', () => {
    const argv = ['/opt/Skbscope/skbscope', '--no-sandbox', 'trace.txt'];
    for (const data of [undefined, null, 'files', {}, { files: 'a' }, { files: ['relative.txt'] }, { files: [7] }, { files: ['/a\0b'] }, { files: new Array(1001).fill('/a') }]) {
      expect(filesOfSecondLaunch(data, argv, launch)).toEqual(['/home/me/captures/trace.txt']);
    }
  });

  it('with no file just brings the window forward (nothing to open)', () => {
    expect(filesOfSecondLaunch(launchData([]), ['/opt/Skbscope/skbscope'], launch)).toEqual([]);
  });
});

describe('offering files to the page', () => {
  it('holds them until the page says hello, then offers each once, in order', () => {
    const offered: string[] = [];
    const offers = new PendingOffers((path) => offered.push(path));
    offers.add('/a');
    offers.add('/b');
    expect(offered).toEqual([]);
    offers.pageListening();
    expect(offered).toEqual(['/a', '/b']);
    offers.pageListening();
    expect(offered).toEqual(['/a', '/b']);
  });

  it('offers at once while the page listens, and waits again while it reloads', () => {
    const offered: string[] = [];
    const offers = new PendingOffers((path) => offered.push(path));
    offers.pageListening();
    offers.add('/a');
    expect(offered).toEqual(['/a']);
    offers.pageLoading();
    offers.add('/b');
    expect(offered).toEqual(['/a']);
    offers.pageListening();
    expect(offered).toEqual(['/a', '/b']);
  });
});
