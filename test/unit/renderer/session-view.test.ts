import { describe, expect, it } from 'vitest';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { applyView, captureView } from '../../../renderer/session/session-view';
import { readFixture } from '../../support/fixtures';

describe('a window’s view, saved and applied', () => {
  const { table } = traceFromText(readFixture('udp-closed-port-drop.btf.txt'));
  const eth0 = table.rows().findIndex((r) => r.device === 'eth0');

  it('comes back the same on the same trace', () => {
    const state = { range: { startUs: 100, endUs: 300 }, highlight: { packet: 1, journey: 1, event: 12 }, hiddenRows: new Set([eth0]), search: 'dev:eth0 len>80' };
    const view = captureView(table, state);
    expect(view).toEqual({
      range: { startUs: 100, endUs: 300 },
      selected: { packet: 1, skbaddr: table.packetAddress(1), journey: 1, line: 13 },
      hiddenRows: ['eth0'],
      filters: { search: 'dev:eth0 len>80' },
    });
    expect(applyView(table, view)).toEqual(state);
  });

  it('leaves out what the trace does not have: an unknown row, a packet whose skbaddr differs', () => {
    const view = { range: { startUs: 0, endUs: 1 }, selected: { packet: 1, skbaddr: '0xdead', journey: null, line: 13 }, hiddenRows: ['wlan0', 'eth0'], filters: {} };
    expect(applyView(table, view)).toEqual({ range: { startUs: 0, endUs: 1 }, highlight: { packet: null, journey: null, event: null }, hiddenRows: new Set([eth0]), search: '' });
  });
});
