// The milestone filters the timeline and the table share, and their round trip through
// the route's query (so a filtered view can be bookmarked or sent to a colleague). The
// core applies them (`views::filter`) and sends a view only the rows it shows.
import type { MilestoneFilter } from '../bindings/MilestoneFilter';
import type { MilestoneStatus } from '../bindings/MilestoneStatus';
import type { Timeliness } from '../bindings/Timeliness';
import { STATUSES, TIMELINESS } from './format';

export type { MilestoneFilter };

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

/** Adds or removes one value of a list filter. */
export function toggle<T>(list: T[], value: T, on: boolean): T[] {
  const without = list.filter((v) => v !== value);
  return on ? [...without, value] : without;
}
