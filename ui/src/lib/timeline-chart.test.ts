import { describe, expect, it } from 'vitest';
import {
  CLUSTER_ABOVE,
  LANES_AT_ONCE,
  OPEN_LANES,
  buildChart,
  chartWindow,
  clustered,
  commitmentGroupId,
  foldChart,
  foldedAtFirst,
  instrumentGroupId,
  instrumentItems,
  localDay,
  slipItemId,
  splitLanes,
} from './timeline-chart';
import type { InstrumentLane } from '../bindings/InstrumentLane';
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

/** `instruments` instruments of `commitments` commitments, each with `each` dated milestones. */
function manyLanes(instruments: number, commitments: number, each = 1) {
  const lanes: InstrumentLane[] = [];
  const list = [];
  for (let i = 0; i < instruments; i++) {
    const cs = Array.from({ length: commitments }, (_, c) => ({ id: `i${i}c${c}`, title: `Commitment ${c} of ${i}` }));
    lanes.push({ ...LANES[0], id: `i${i}`, title: `Instrument ${i}`, commitments: cs });
    for (const c of cs) {
      for (let m = 0; m < each; m++) {
        list.push(
          milestone({
            id: `${c.id}m${m}`,
            commitment_id: c.id,
            instrument_id: `i${i}`,
            current_start: '2026-03-01',
            current_end: '2026-03-31',
            original_end: '2026-01-31',
            slip_days: 59,
          }),
        );
      }
    }
  }
  return buildChart(lanes, list);
}

describe('folding instruments', () => {
  it('opens every instrument of a chart of up to LANES_AT_ONCE lanes', () => {
    const chart = manyLanes(LANES_AT_ONCE / 4, 3);
    expect(chart.groups).toHaveLength(LANES_AT_ONCE);
    expect(foldedAtFirst(chart).size).toBe(0);
  });

  it('folds a larger chart after the instruments that fill OPEN_LANES lanes', () => {
    const chart = manyLanes(30, 3);
    const folded = foldedAtFirst(chart);
    // Four lanes each: the first ten fill OPEN_LANES (40) and stay open.
    const open = OPEN_LANES / 4;
    expect([...folded]).toEqual(Array.from({ length: 30 - open }, (_, n) => instrumentGroupId(`i${n + open}`)));
    // An instrument of more lanes than that is still open when it comes first.
    expect(foldedAtFirst(manyLanes(2, 60)).has(instrumentGroupId('i0'))).toBe(false);
    expect([...foldedAtFirst(manyLanes(2, 60))]).toEqual([instrumentGroupId('i1')]);
  });

  it("holds back a folded instrument's commitments and draws its milestones and slips on its own lane", () => {
    const chart = manyLanes(3, 2);
    const folded = foldChart(chart, (lane) => lane === instrumentGroupId('i1'));
    const group = (id: string) => folded.groups.find((g) => g.id === id);
    expect(folded.groups.filter((g) => g.showNested === false).map((g) => g.id)).toEqual([instrumentGroupId('i1')]);
    expect(group(instrumentGroupId('i1'))?.showNested).toBe(false);
    expect(group(instrumentGroupId('i0'))?.showNested).toBe(true);
    // The folded instrument's lanes are handed over only when it is opened, in their order.
    expect(folded.groups.map((g) => g.id)).toEqual([
      instrumentGroupId('i0'),
      commitmentGroupId('i0c0'),
      commitmentGroupId('i0c1'),
      instrumentGroupId('i1'),
      instrumentGroupId('i2'),
      commitmentGroupId('i2c0'),
      commitmentGroupId('i2c1'),
    ]);
    expect(group(instrumentGroupId('i1'))?.nestedGroups).toEqual([]);
    expect(group(instrumentGroupId('i0'))?.nestedGroups).toEqual([commitmentGroupId('i0c0'), commitmentGroupId('i0c1')]);
    expect([...folded.heldBack.keys()]).toEqual([instrumentGroupId('i1')]);
    expect(folded.heldBack.get(instrumentGroupId('i1'))?.map((g) => g.id)).toEqual([commitmentGroupId('i1c0'), commitmentGroupId('i1c1')]);
    expect(group(commitmentGroupId('i0c0'))?.visible).toBe(true);
    const lanesOf = (prefix: string) => [...new Set(folded.items.filter((i) => i.milestone.id.startsWith(prefix)).map((i) => i.group))];
    expect(lanesOf('i1')).toEqual([instrumentGroupId('i1')]);
    expect(lanesOf('i0')).toEqual([commitmentGroupId('i0c0'), commitmentGroupId('i0c1')]);
    expect(folded.items.filter((i) => i.group === instrumentGroupId('i1')).map((i) => i.id)).toEqual([
      'i1c0m0',
      slipItemId('i1c0m0'),
      'i1c1m0',
      slipItemId('i1c1m0'),
    ]);
    // The chart it was made from is left as it was, for the next fold.
    expect(chart.items.every((i) => i.group.startsWith('c:'))).toBe(true);
    expect(chart.groups.every((g) => g.showNested !== false && g.visible === undefined)).toBe(true);
  });

  it("gives an instrument's items on the lanes they take folded or open", () => {
    const chart = manyLanes(3, 2);
    const lane = instrumentGroupId('i2');
    expect(instrumentItems(chart, lane, true).map((i) => [i.id, i.group])).toEqual([
      ['i2c0m0', lane],
      [slipItemId('i2c0m0'), lane],
      ['i2c1m0', lane],
      [slipItemId('i2c1m0'), lane],
    ]);
    expect(instrumentItems(chart, lane, false).map((i) => i.group)).toEqual([
      commitmentGroupId('i2c0'),
      commitmentGroupId('i2c0'),
      commitmentGroupId('i2c1'),
      commitmentGroupId('i2c1'),
    ]);
  });

  it('clusters crowded lanes only in a chart that does not fold', () => {
    // Two items (a milestone and its slip) each.
    expect(clustered(manyLanes(5, 3, CLUSTER_ABOVE / 30 + 1))).toBe(true);
    expect(clustered(manyLanes(5, 3, CLUSTER_ABOVE / 30))).toBe(false);
    expect(manyLanes(40, 3, 10).items.length).toBeGreaterThan(CLUSTER_ABOVE);
    expect(clustered(manyLanes(40, 3, 10))).toBe(false);
  });
});

describe('splitLanes', () => {
  // Three lanes each (an instrument and two commitments); the second instrument folded.
  const chart = foldChart(manyLanes(4, 2), (lane) => lane === instrumentGroupId('i1'));
  const ids = (part: { groups: { id: string }[] }) => part.groups.map((g) => g.id);

  it("cuts after the instrument that reaches the lanes asked for, never inside one", () => {
    const [first, rest] = splitLanes(chart, 2);
    expect(ids(first)).toEqual([instrumentGroupId('i0'), commitmentGroupId('i0c0'), commitmentGroupId('i0c1')]);
    expect(ids(rest)).toEqual([
      instrumentGroupId('i1'),
      instrumentGroupId('i2'),
      commitmentGroupId('i2c0'),
      commitmentGroupId('i2c1'),
      instrumentGroupId('i3'),
      commitmentGroupId('i3c0'),
      commitmentGroupId('i3c1'),
    ]);
    // A folded instrument is one lane.
    expect(ids(splitLanes(chart, 4)[0])).toEqual([...ids(first), instrumentGroupId('i1')]);
    expect(ids(splitLanes(chart, 3)[0])).toEqual(ids(first));
  });

  it('gives each part the items drawn on its lanes, in the chart’s order', () => {
    const [first, rest] = splitLanes(chart, 4);
    expect(first.items.map((i) => i.id)).toEqual([
      'i0c0m0',
      slipItemId('i0c0m0'),
      'i0c1m0',
      slipItemId('i0c1m0'),
      'i1c0m0',
      slipItemId('i1c0m0'),
      'i1c1m0',
      slipItemId('i1c1m0'),
    ]);
    expect(first.items.filter((i) => i.milestone.instrument_id === 'i1').every((i) => i.group === instrumentGroupId('i1'))).toBe(true);
    expect([...first.items, ...rest.items].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...chart.items].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(rest.items.every((i) => ids(rest).includes(i.group))).toBe(true);
  });

  it('keeps every lane in the first part when the chart has no more than asked for', () => {
    const [first, rest] = splitLanes(chart, chart.groups.length);
    expect(ids(first)).toEqual(ids(chart));
    expect(first.items).toEqual(chart.items);
    expect(rest).toEqual({ groups: [], items: [] });
    expect(ids(splitLanes(chart, 1000)[0])).toEqual(ids(chart));
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
