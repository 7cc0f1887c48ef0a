import { describe, expect, it } from 'vitest';
import { buildChart, chartWindow, commitmentGroupId, instrumentGroupId, localDay, slipItemId } from './timeline-chart';
import { LANES, milestone } from './testing/samples';

const dated = milestone({
  id: 'q',
  title: 'Quarter milestone',
  due: '2026-Q1',
  current_due: '2026-Q3',
  current_start: '2026-07-01',
  current_end: '2026-09-30',
  original_end: '2026-03-31',
  slip_days: 183,
  status: 'in_progress',
  timeliness: 'on_time',
  stale: false,
});
const day = milestone({ id: 'd', commitment_id: 'c3', instrument_id: 'i2', current_start: '2026-05-01', current_end: '2026-05-01', status: 'done' });
const undated = milestone({ id: 'u' });

describe('buildChart', () => {
  const chart = buildChart(LANES, [dated, day, undated]);

  it('draws a period as a range ending after its last day, and a single day as a point', () => {
    const q = chart.items.find((i) => i.id === 'q');
    expect(q).toMatchObject({ type: 'range', start: '2026-07-01', end: '2026-10-01', group: commitmentGroupId('c1') });
    expect(q?.className).toContain('st-in_progress');
    const d = chart.items.find((i) => i.id === 'd');
    expect(d).toMatchObject({ type: 'point', start: '2026-05-01', end: undefined });
  });

  it('marks where a slipped milestone was originally due, and says so', () => {
    const slip = chart.items.find((i) => i.id === slipItemId('q'));
    expect(slip).toMatchObject({ role: 'slip', start: '2026-03-31', type: 'point' });
    expect(slip?.tooltip).toContain('Originally due Q1 2026, slipped +183 days');
    expect(chart.items.some((i) => i.id === slipItemId('d'))).toBe(false);
  });

  it('lists undated milestones apart', () => {
    expect(chart.undated.map((m) => m.id)).toEqual(['u']);
    expect(chart.drawn).toBe(2);
  });

  it('nests commitment lanes under instrument lanes, leaving out empty ones', () => {
    expect(chart.groups.map((g) => g.id)).toEqual([
      instrumentGroupId('i1'),
      commitmentGroupId('c1'),
      instrumentGroupId('i2'),
      commitmentGroupId('c3'),
    ]);
    expect(chart.groups[0].nestedGroups).toEqual([commitmentGroupId('c1')]);
    expect(chart.groups[0].count).toBe(1);
  });
});

describe('chartWindow', () => {
  const day = (iso: string) => localDay(iso).valueOf();
  const DAY = 86_400_000;

  it('spans every item, from its first start to its last end, with room for labels on the right', () => {
    const chart = buildChart(LANES, [dated, day1(), undated]);
    const range = chartWindow(chart.items);
    const span = day('2026-10-01') - day('2026-03-31');
    expect(range?.start.valueOf()).toBe(day('2026-03-31') - span * 0.02);
    expect(range?.end.valueOf()).toBe(day('2026-10-01') + span * 0.14);
  });

  it('is a month wide at least, around a single day', () => {
    const range = chartWindow(buildChart(LANES, [day1()]).items);
    const width = (range?.end.valueOf() ?? 0) - (range?.start.valueOf() ?? 0);
    expect(width).toBeCloseTo(30 * DAY * 1.16, -3);
    expect(range!.start.valueOf()).toBeLessThan(day('2026-05-01'));
    expect(range!.end.valueOf()).toBeGreaterThan(day('2026-05-01'));
  });

  it('has nothing to show without items', () => {
    expect(chartWindow([])).toBeNull();
  });

  function day1() {
    return milestone({ id: 'd1', current_start: '2026-05-01', current_end: '2026-05-01' });
  }
});
