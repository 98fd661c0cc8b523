import { describe, expect, it } from 'vitest';
import { parseJourneyFilter } from '../../../shared/journeys/journey-filter';
import { buildJourneys } from '../../../shared/journeys/journeys';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { readFixture } from '../../support/fixtures';

const { table } = traceFromText(readFixture('ping2-system-wide.perf-script.txt'));
const { journeys } = buildJourneys(table, new Map());
const ids = (q: string): number[] => journeys.filter((j) => parseJourneyFilter(q, table).test(j)).map((j) => j.id);

describe('the journey search', () => {
  it('keeps everything for an empty query', () => {
    expect(ids('  ')).toEqual([0, 1, 2, 3, 4]);
    expect(parseJourneyFilter('', table).empty).toBe(true);
  });

  it('reads fates on their own and as fate:', () => {
    expect(ids('dropped')).toEqual([2]);
    expect(ids('benign')).toEqual([1, 4]);
    expect(ids('fate:delivered')).toEqual([0, 3]);
  });

  it('reads devices, lengths, events, comm, pid, addresses and reasons, all terms at once', () => {
    expect(ids('dev:eth0 len<90')).toEqual([2]);
    expect(ids('len>=98 comm:ping')).toEqual([0, 1, 3, 4]);
    expect(ids('comm:swapper')).toEqual([2]);
    expect(ids('pid:9156 event:netif_receive_skb_entry dev:docker0')).toEqual([1, 4]);
    expect(ids('skb:78c00')).toEqual([0, 4]);
    expect(ids('reason:no_socket')).toEqual([1, 4]);
    expect(ids('event:skb:kfree_skb')).toEqual([1, 2, 4]);
  });

  it('says what it did not understand, and then matches nothing', () => {
    const f = parseJourneyFilter('colour:red len>98 fate:lost', table);
    expect(f.problems).toEqual([
      '"colour:" is not something to search by (dev, event, len, comm, pid, skb, fate, reason)',
      '"lost" is not a fate (delivered, consumed, dropped, benign, sent, unknown)',
    ]);
    expect(ids('colour:red')).toEqual([]);
  });
});
