import { describe, expect, it } from 'vitest';
import { traceFromText } from '../../../shared/trace/trace-builder';
import { queryView } from '../../../shared/view/level-of-detail';
import { packContent, unpackContent } from '../../../renderer/timeline/bin-protocol';
import { syntheticTrace } from '../../support/synthetic-trace';

const TEXT = syntheticTrace({ events: 20_000, seed: 11 });

describe('a binning answer', () => {
  it('comes back from the worker as it was binned', () => {
    const { table } = traceFromText(TEXT);
    const content = queryView(table.rowTimes(), { startUs: table.startUs, endUs: table.endUs, widthPx: 900, maxItems: 1500 });
    expect(content.bins.length).toBeGreaterThan(0);
    expect(unpackContent(packContent(7, content))).toEqual(content);
  });
});
