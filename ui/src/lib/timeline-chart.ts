// Turns the timeline view's data into what vis-timeline draws: one lane per instrument
// with a nested lane per commitment, each dated milestone as a range over its current
// due period (a point when the period is one day), and a marker where a slipped milestone
// was originally due; and which instruments a large chart opens with folded, and the chart
// with them folded. Pure, so it is tested without a browser; the view only hands the
// result to vis-timeline. Undated milestones cannot be placed and are returned apart.
import type { Binding } from '../bindings/Binding';
import type { InstrumentLane } from '../bindings/InstrumentLane';
import type { MilestoneView } from '../bindings/MilestoneView';
import { formatDate, formatPartial, formatSlip, nextDay, statusLabel, timelinessLabel } from './format';

/**
 * With more items than this in a chart of up to LANES_AT_ONCE lanes, crowded lanes fold
 * into clusters until zoomed in. A chart of more lanes folds instruments instead (see
 * foldedAtFirst): vis-timeline works out clusters for every lane at each zoom, in view or
 * not, and a folded instrument's lane draws all its milestones.
 */
export const CLUSTER_ABOVE = 600;

/** Whether a chart folds its crowded lanes into clusters. */
export const clustered = (chart: Chart) => chart.items.length > CLUSTER_ABOVE && chart.groups.length <= LANES_AT_ONCE;

/**
 * Up to this many lanes, the chart draws all their items at once; with more, it draws
 * only those of the lanes in view, and the others as they are scrolled to.
 */
export const LANES_AT_ONCE = 100;

/**
 * A chart of more lanes than LANES_AT_ONCE opens its first instruments until about this
 * many lanes are open (a screen and more), and folds the rest.
 */
export const OPEN_LANES = 40;

export type ChartGroup = {
  id: string;
  kind: 'instrument' | 'commitment';
  /** The instrument's or commitment's own id. */
  entityId: string;
  title: string;
  order: number;
  /** How many milestones the lane draws (its commitments' for an instrument). */
  count: number;
  binding?: Binding;
  nestedGroups?: string[];
  showNested?: boolean;
  /**
   * True for the commitments' lanes of an open instrument (foldChart); vis-timeline sets it
   * false as the instrument is folded, and the lanes handed over at its opening start false.
   */
  visible?: boolean;
  treeLevel?: number;
};

export type ChartItem = {
  id: string;
  group: string;
  start: string;
  end?: string;
  type: 'range' | 'point';
  className: string;
  /** Slip markers sit behind milestones when items stack. */
  subgroup?: string;
  role: 'milestone' | 'slip';
  milestone: MilestoneView;
  /** The tooltip, as plain text. */
  tooltip: string;
};

export type Chart = {
  groups: ChartGroup[];
  items: ChartItem[];
  undated: MilestoneView[];
  /** How many milestones are drawn. */
  drawn: number;
};

export const instrumentGroupId = (id: string) => `i:${id}`;
export const commitmentGroupId = (id: string) => `c:${id}`;
export const slipItemId = (id: string) => `slip:${id}`;

export function milestoneTooltip(m: MilestoneView): string {
  const lines = [
    m.title,
    `${statusLabel(m.status)} · ${timelinessLabel(m.timeliness)} · due ${formatPartial(m.current_due)}`,
  ];
  if ((m.slip_days ?? 0) > 0) lines.push(`Originally due ${formatPartial(m.due)}, slipped ${formatSlip(m.slip_days)}`);
  if (m.stale) lines.push(m.last_as_of ? `No update since ${formatDate(m.last_as_of)}` : 'Never assessed');
  lines.push(m.commitment_title);
  return lines.join('\n');
}

export function slipTooltip(m: MilestoneView): string {
  return `Originally due ${formatPartial(m.due)}, slipped ${formatSlip(m.slip_days)}: ${m.title}`;
}

function milestoneItem(m: MilestoneView): ChartItem | null {
  if (!m.current_start || !m.current_end) return null;
  const classes = ['ms', `st-${m.status}`, `tl-${m.timeliness}`];
  if (m.stale) classes.push('is-stale');
  if (m.archived) classes.push('is-archived');
  const single = m.current_start === m.current_end;
  return {
    id: m.id,
    group: commitmentGroupId(m.commitment_id),
    start: m.current_start,
    end: single ? undefined : nextDay(m.current_end),
    type: single ? 'point' : 'range',
    className: classes.join(' '),
    role: 'milestone',
    milestone: m,
    tooltip: milestoneTooltip(m),
  };
}

function slipItem(m: MilestoneView): ChartItem | null {
  if (!m.original_end || (m.slip_days ?? 0) <= 0) return null;
  return {
    id: slipItemId(m.id),
    group: commitmentGroupId(m.commitment_id),
    start: m.original_end,
    type: 'point',
    className: 'slip-marker',
    role: 'slip',
    milestone: m,
    tooltip: slipTooltip(m),
  };
}

/**
 * The chart for the milestones the core sent (those that passed the filters, at most the
 * 2,000 earliest dated ones). Lanes without a drawn milestone are left out, so a filter
 * narrows the chart instead of leaving it full of empty rows.
 */
export function buildChart(lanes: InstrumentLane[], milestones: MilestoneView[]): Chart {
  const undated: MilestoneView[] = [];
  const drawnList: MilestoneView[] = [];
  for (const m of milestones) (m.current_start && m.current_end ? drawnList : undated).push(m);

  const items: ChartItem[] = [];
  const perCommitment = new Map<string, number>();
  for (const m of drawnList) {
    const item = milestoneItem(m);
    if (!item) continue;
    items.push(item);
    const slip = slipItem(m);
    if (slip) items.push(slip);
    perCommitment.set(m.commitment_id, (perCommitment.get(m.commitment_id) ?? 0) + 1);
  }

  const groups: ChartGroup[] = [];
  let order = 0;
  for (const lane of lanes) {
    const children = lane.commitments.filter((c) => perCommitment.has(c.id));
    if (children.length === 0) continue;
    const parent: ChartGroup = {
      id: instrumentGroupId(lane.id),
      kind: 'instrument',
      entityId: lane.id,
      title: lane.title,
      order: order++,
      count: children.reduce((n, c) => n + (perCommitment.get(c.id) ?? 0), 0),
      binding: lane.binding,
      nestedGroups: children.map((c) => commitmentGroupId(c.id)),
      showNested: true,
    };
    groups.push(parent);
    for (const c of children) {
      groups.push({
        id: commitmentGroupId(c.id),
        kind: 'commitment',
        entityId: c.id,
        title: c.title,
        order: order++,
        count: perCommitment.get(c.id) ?? 0,
        treeLevel: 2,
      });
    }
  }
  return { groups, items, undated, drawn: drawnList.length };
}

/**
 * The instruments' lanes a chart opens with folded: none in a chart of up to LANES_AT_ONCE
 * lanes. In a larger one, every instrument after those whose lanes, with the ones above
 * them, fill OPEN_LANES (the first is always open): a chart of a thousand lanes opens as
 * an outline that the first screen is part of (the 10k benchmark's: 139 lanes of 1,008).
 */
export function foldedAtFirst(chart: Chart): Set<string> {
  const folded = new Set<string>();
  if (chart.groups.length <= LANES_AT_ONCE) return folded;
  let open = 0;
  for (const g of chart.groups) {
    if (g.kind !== 'instrument') continue;
    if (open >= OPEN_LANES) folded.add(g.id);
    else open += 1 + (g.nestedGroups?.length ?? 0);
  }
  return folded;
}

/** A chart with some instruments folded, as foldChart makes it. */
export type FoldedChart = Chart & {
  /**
   * Each folded instrument's commitments' lanes, left out of `groups` until it is opened.
   * vis-timeline draws only the lanes shown, but when it is handed a chart it marks every
   * nested lane with its instrument, hiding those of folded ones, one update of its data
   * set per lane, which every listener of the set hears: 869 of 1,008 lanes at 10k.
   */
  heldBack: Map<string, ChartGroup[]>;
};

/**
 * The chart (as buildChart made it) with some instruments folded: their commitments' lanes
 * held back (a folded instrument's lane nests none until it is opened), and their
 * milestones and slip markers drawn on the instrument's own lane, so a folded instrument
 * still shows when its milestones fall.
 */
export function foldChart(chart: Chart, isFolded: (instrumentLane: string) => boolean): FoldedChart {
  const heldBack = new Map<string, ChartGroup[]>();
  const parentOf = new Map<string, string>();
  const groups: ChartGroup[] = [];
  for (const g of chart.groups) {
    if (g.kind === 'instrument') {
      for (const child of g.nestedGroups ?? []) parentOf.set(child, g.id);
      const fold = isFolded(g.id);
      if (fold) heldBack.set(g.id, []);
      groups.push(fold ? { ...g, showNested: false, nestedGroups: [] } : { ...g, showNested: true });
      continue;
    }
    const held = heldBack.get(parentOf.get(g.id) ?? '');
    if (held) held.push(g);
    else groups.push({ ...g, visible: true });
  }
  const items = chart.items.map((item) => {
    const parent = parentOf.get(item.group);
    return parent !== undefined && heldBack.has(parent) ? { ...item, group: parent } : item;
  });
  return { ...chart, groups, items, heldBack };
}

/**
 * No lane of the chart is drawn lower than this, in pixels: a lane's label of one line
 * (26 px in Chromium, the 10k benchmark's smallest). It says how many lanes a chart's height
 * can show at most.
 */
export const LANE_MIN_PX = 24;

/** Lanes with their items, as handed to vis-timeline together. */
export type ChartPart = { groups: ChartGroup[]; items: ChartItem[] };

/**
 * A folded chart's lanes in two parts: the first ones, at least `lanes` of them, up to the
 * end of an instrument (its commitments' lanes never apart from it), and the rest; each
 * with the items drawn on its lanes, in the chart's order. A large chart hands vis-timeline
 * the lanes of its first screen first, and the rest once that screen is painted.
 */
export function splitLanes(chart: ChartPart, lanes: number): [ChartPart, ChartPart] {
  let cut = 0;
  while (cut < chart.groups.length && (cut < lanes || chart.groups[cut].kind !== 'instrument')) cut++;
  const first = new Set(chart.groups.slice(0, cut).map((g) => g.id));
  const items: [ChartItem[], ChartItem[]] = [[], []];
  for (const item of chart.items) items[first.has(item.group) ? 0 : 1].push(item);
  return [
    { groups: chart.groups.slice(0, cut), items: items[0] },
    { groups: chart.groups.slice(cut), items: items[1] },
  ];
}

/**
 * The items of one instrument in a chart as buildChart made it, each on the lane it is
 * drawn on when the instrument is folded (its own) or open (its commitment's).
 */
export function instrumentItems(chart: Chart, instrumentLane: string, folded: boolean): ChartItem[] {
  const lanes = new Set(chart.groups.find((g) => g.id === instrumentLane)?.nestedGroups ?? []);
  const mine = chart.items.filter((item) => lanes.has(item.group));
  return folded ? mine.map((item) => ({ ...item, group: instrumentLane })) : mine;
}

const DAY = 86_400_000;

/** A date as vis-timeline reads one without a time: local midnight. */
export const localDay = (iso: string) => new Date(`${iso}T00:00`);

/**
 * The window that shows every item, from the dates alone (vis-timeline's own fit draws
 * every item to measure it). Room is left on the right for the label of the last item,
 * which sits beside a point rather than under it; a window is at least a month wide.
 */
export function chartWindow(items: ChartItem[]): { start: Date; end: Date } | null {
  let first: string | null = null;
  let last: string | null = null;
  for (const item of items) {
    const end = item.end ?? item.start;
    if (first === null || item.start < first) first = item.start;
    if (last === null || end > last) last = end;
  }
  if (first === null || last === null) return null;
  let start = localDay(first).valueOf();
  let end = localDay(last).valueOf();
  const short = 30 * DAY - (end - start);
  if (short > 0) {
    start -= short / 2;
    end += short / 2;
  }
  const span = end - start;
  return { start: new Date(start - span * 0.02), end: new Date(end + span * 0.14) };
}
