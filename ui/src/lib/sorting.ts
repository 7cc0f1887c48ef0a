// Ordering milestone rows by a column, as the table's headers offer. Rows without a value
// (no date, no slip, never updated) always go last, whichever the direction: an analyst
// sorting by due wants the dated ones first both ways.
// The columns and directions are the core's (`views::table`), which sorts the table's
// rows; this sorts rows a page already holds (a commitment's milestones) the same way.
import type { MilestoneSort } from '../bindings/MilestoneSort';
import type { MilestoneView } from '../bindings/MilestoneView';
import type { SortKey } from '../bindings/SortKey';
import { STATUSES, TIMELINESS, partialStart } from './format';

export type { SortKey };
export type Sort = MilestoneSort;

export const SORT_KEYS: readonly SortKey[] = ['title', 'instrument', 'status', 'due', 'current_due', 'slip', 'timeliness', 'last_update'];

export const DEFAULT_SORT: Sort = { key: 'current_due', dir: 'asc' };

export function parseSort(query: URLSearchParams): Sort {
  const key = query.get('sort');
  const dir = query.get('dir');
  return {
    key: (SORT_KEYS as readonly string[]).includes(key ?? '') ? (key as SortKey) : DEFAULT_SORT.key,
    dir: dir === 'desc' ? 'desc' : 'asc',
  };
}

type Value = string | number | null;

function valueOf(m: MilestoneView, key: SortKey): Value {
  switch (key) {
    case 'title':
      return m.title.toLocaleLowerCase('en');
    case 'instrument':
      return m.instrument_title.toLocaleLowerCase('en');
    case 'status':
      return STATUSES.indexOf(m.status);
    case 'due':
      return partialStart(m.due);
    case 'current_due':
      return m.current_start ?? null;
    case 'slip':
      return m.slip_days ?? null;
    case 'timeliness':
      return TIMELINESS.indexOf(m.timeliness);
    case 'last_update':
      return m.last_as_of ?? null;
  }
}

function compare(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en');
}

/** A sorted copy; ties keep the order they came in (the core's hierarchy order). */
export function sortMilestones(rows: MilestoneView[], sort: Sort): MilestoneView[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return rows
    .map((m, i) => ({ m, i, v: valueOf(m, sort.key) }))
    .sort((x, y) => {
      if (x.v === null || y.v === null) {
        if (x.v === y.v) return x.i - y.i;
        return x.v === null ? 1 : -1;
      }
      return sign * compare(x.v, y.v) || x.i - y.i;
    })
    .map((x) => x.m);
}

/** Clicking a header: the same column flips direction, another starts ascending. */
export function nextSort(current: Sort, key: SortKey): Sort {
  return current.key === key ? { key, dir: current.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' };
}
