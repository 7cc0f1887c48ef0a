// The milestone filters the timeline and the table share, and their round trip through
// the route's query (so a filtered view can be bookmarked or sent to a colleague).
// Pure: the full-text part arrives as the set of milestone ids the core's search found;
// statuses and timeliness are read from the views, never re-derived here.
import type { Hit } from '../bindings/Hit';
import type { InstrumentLane } from '../bindings/InstrumentLane';
import type { MilestoneStatus } from '../bindings/MilestoneStatus';
import type { MilestoneView } from '../bindings/MilestoneView';
import type { Timeliness } from '../bindings/Timeliness';
import { STATUSES, TIMELINESS } from './format';

export type MilestoneFilter = {
  instrument: string[];
  commitment: string[];
  theme: string[];
  party: string[];
  status: MilestoneStatus[];
  timeliness: Timeliness[];
  /** Only milestones with no update in 180 days (and not final). */
  stale: boolean;
  /** Full-text search, answered by the core. */
  q: string;
};

export const EMPTY_FILTER: MilestoneFilter = {
  instrument: [],
  commitment: [],
  theme: [],
  party: [],
  status: [],
  timeliness: [],
  stale: false,
  q: '',
};

/** The query keys a filter uses; anything else in the query (sort order) is left alone. */
export const FILTER_KEYS = ['instrument', 'commitment', 'theme', 'party', 'status', 'timeliness', 'stale', 'q'] as const;

// Several values of one key are written comma-separated (`status=done,missed`) so links
// stay short; repeated keys are read too. Party names may hold commas, so they repeat.
function values(query: URLSearchParams, key: string, splitCommas = true): string[] {
  const out: string[] = [];
  for (const raw of query.getAll(key)) {
    for (const part of splitCommas ? raw.split(',') : [raw]) {
      const v = part.trim();
      if (v && !out.includes(v)) out.push(v);
    }
  }
  return out;
}

export function parseFilter(query: URLSearchParams): MilestoneFilter {
  const stale = query.get('stale');
  return {
    instrument: values(query, 'instrument'),
    commitment: values(query, 'commitment'),
    theme: values(query, 'theme'),
    party: values(query, 'party', false),
    // Unknown words are dropped rather than matching nothing, so an old link still works.
    status: values(query, 'status').filter((s): s is MilestoneStatus => (STATUSES as string[]).includes(s)),
    timeliness: values(query, 'timeliness').filter((t): t is Timeliness => (TIMELINESS as string[]).includes(t)),
    stale: stale === '1' || stale === 'true',
    q: (query.get('q') ?? '').trim(),
  };
}

/**
 * The filter as query parameters, in a fixed order. Party names go as one value each in
 * the returned params; use `filterToSearchParams` where repeated keys are needed.
 */
export function filterToSearchParams(f: MilestoneFilter, extra: Record<string, string | undefined> = {}): URLSearchParams {
  const p = new URLSearchParams();
  const list = (key: string, vs: string[]) => {
    if (vs.length) p.set(key, vs.join(','));
  };
  list('instrument', f.instrument);
  list('commitment', f.commitment);
  list('theme', f.theme);
  for (const party of f.party) p.append('party', party);
  list('status', f.status);
  list('timeliness', f.timeliness);
  if (f.stale) p.set('stale', '1');
  if (f.q.trim()) p.set('q', f.q.trim());
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== '') p.set(k, v);
  return p;
}

/** `#/table?…` or `#/timeline?…` for a filter. */
export function filterHref(route: 'table' | 'timeline', f: MilestoneFilter, extra: Record<string, string | undefined> = {}): string {
  const qs = filterToSearchParams(f, extra).toString();
  return qs ? `#/${route}?${qs}` : `#/${route}`;
}

/** A link to the table with a partial filter: `tableHref({ status: ['done'] })`. */
export function tableHref(partial: Partial<MilestoneFilter>): string {
  return filterHref('table', { ...EMPTY_FILTER, ...partial });
}

/** The same for the timeline. */
export function timelineHref(partial: Partial<MilestoneFilter>): string {
  return filterHref('timeline', { ...EMPTY_FILTER, ...partial });
}

export function isFiltered(f: MilestoneFilter): boolean {
  return (
    f.instrument.length + f.commitment.length + f.theme.length + f.party.length + f.status.length + f.timeliness.length > 0 ||
    f.stale ||
    f.q !== ''
  );
}

/** What the filters need to know about each commitment beyond the milestone row. */
export type LaneIndex = {
  themes: Map<string, string[]>;
  /** Every party named by the commitment (lead, supporting) or its instrument. */
  parties: Map<string, Set<string>>;
};

export function indexLanes(lanes: InstrumentLane[]): LaneIndex {
  const themes = new Map<string, string[]>();
  const parties = new Map<string, Set<string>>();
  for (const i of lanes) {
    const instrumentParties = i.parties.map((p) => p.name);
    for (const c of i.commitments) {
      themes.set(c.id, c.themes);
      parties.set(c.id, new Set([...instrumentParties, ...c.parties]));
    }
  }
  return { themes, parties };
}

/** The choices each filter offers, from the data itself, sorted for people. */
export function filterOptions(lanes: InstrumentLane[]): {
  instruments: { id: string; title: string }[];
  themes: string[];
  parties: string[];
} {
  const themes = new Set<string>();
  const parties = new Set<string>();
  for (const i of lanes) {
    for (const p of i.parties) parties.add(p.name);
    for (const c of i.commitments) {
      c.themes.forEach((t) => themes.add(t));
      c.parties.forEach((p) => parties.add(p));
    }
  }
  const byText = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });
  return {
    instruments: lanes.map((i) => ({ id: i.id, title: i.title })).sort((a, b) => byText(a.title, b.title)),
    themes: [...themes].sort(byText),
    parties: [...parties].sort(byText),
  };
}

/**
 * The milestones a search found: milestone hits (titles and update notes) directly, and
 * every milestone of a commitment or instrument that matched, so searching for a party or
 * a clause still shows its milestones.
 */
export function milestoneIdsFromHits(hits: Hit[], milestones: MilestoneView[]): Set<string> {
  const ids = new Set<string>();
  const commitments = new Set<string>();
  const instruments = new Set<string>();
  for (const h of hits) {
    if (h.kind === 'milestone') ids.add(h.id);
    else if (h.kind === 'commitment') commitments.add(h.id);
    else instruments.add(h.id);
  }
  for (const m of milestones) {
    if (commitments.has(m.commitment_id) || instruments.has(m.instrument_id)) ids.add(m.id);
  }
  return ids;
}

/**
 * Whether one milestone passes every filter. `found` is what the search for `f.q`
 * returned, or null while there is no search (then `q` is ignored).
 */
export function matchesFilter(m: MilestoneView, f: MilestoneFilter, index: LaneIndex, found: Set<string> | null): boolean {
  if (f.instrument.length && !f.instrument.includes(m.instrument_id)) return false;
  if (f.commitment.length && !f.commitment.includes(m.commitment_id)) return false;
  if (f.status.length && !f.status.includes(m.status)) return false;
  if (f.timeliness.length && !f.timeliness.includes(m.timeliness)) return false;
  if (f.stale && !m.stale) return false;
  if (f.theme.length) {
    const themes = index.themes.get(m.commitment_id) ?? [];
    if (!f.theme.some((t) => themes.includes(t))) return false;
  }
  if (f.party.length) {
    const parties = index.parties.get(m.commitment_id);
    if (!parties || !f.party.some((p) => parties.has(p))) return false;
  }
  if (f.q && found && !found.has(m.id)) return false;
  return true;
}

export function applyFilter(
  milestones: MilestoneView[],
  f: MilestoneFilter,
  index: LaneIndex,
  found: Set<string> | null,
): MilestoneView[] {
  return milestones.filter((m) => matchesFilter(m, f, index, found));
}

/** Adds or removes one value of a list filter. */
export function toggle<T>(list: T[], value: T, on: boolean): T[] {
  const without = list.filter((v) => v !== value);
  return on ? [...without, value] : without;
}
