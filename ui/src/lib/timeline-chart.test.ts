import { describe, expect, it } from 'vitest';
import { buildChart, commitmentGroupId, instrumentGroupId, slipItemId } from './timeline-chart';
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
    expect(chart.dated).toBe(2);
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

  it('draws at most the given number, keeping the earliest', () => {
    const many = Array.from({ length: 5 }, (_, n) =>
      milestone({ id: `m${n}`, current_start: `2026-0${5 - n}-01`, current_end: `2026-0${5 - n}-01` }),
    );
    const small = buildChart(LANES, many, 2);
    expect(small.drawn).toBe(2);
    expect(small.dated).toBe(5);
    expect(small.items.map((i) => i.id).sort()).toEqual(['m3', 'm4']);
  });
});
