import { describe, expect, it } from 'vitest';
import { nextSort, parseSort, sortMilestones } from './sorting';
import { milestone } from './testing/samples';

const rows = [
  milestone({ id: 'a', title: 'beta', due: '2026-Q3', current_start: '2026-07-01', slip_days: 0, status: 'done', last_as_of: '2026-01-02' }),
  milestone({ id: 'b', title: 'Alpha', due: '2026-H1', current_start: '2027-01-01', slip_days: 184, status: 'in_progress' }),
  milestone({ id: 'c', title: 'gamma', due: null, current_start: null, slip_days: null, status: 'unassessed', last_as_of: '2025-05-05' }),
];
const ids = (key: Parameters<typeof sortMilestones>[1]['key'], dir: 'asc' | 'desc' = 'asc') =>
  sortMilestones(rows, { key, dir }).map((m) => m.id);

describe('sortMilestones', () => {
  it('sorts titles without regard to case', () => {
    expect(ids('title')).toEqual(['b', 'a', 'c']);
    expect(ids('title', 'desc')).toEqual(['c', 'a', 'b']);
  });

  it("sorts the original due by its period's start, undated last both ways", () => {
    expect(ids('due')).toEqual(['b', 'a', 'c']);
    expect(ids('due', 'desc')).toEqual(['a', 'b', 'c']);
  });

  it('sorts current due, slip and last update, empty values last', () => {
    expect(ids('current_due')).toEqual(['a', 'b', 'c']);
    expect(ids('slip', 'desc')).toEqual(['b', 'a', 'c']);
    expect(ids('last_update')).toEqual(['c', 'a', 'b']);
  });

  it('sorts statuses in the vocabulary order', () => {
    expect(ids('status')).toEqual(['c', 'b', 'a']);
  });

  it('does not change the rows it was given', () => {
    sortMilestones(rows, { key: 'title', dir: 'desc' });
    expect(rows.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('sort in the address', () => {
  it('reads a known key and direction, else the default', () => {
    expect(parseSort(new URLSearchParams('sort=slip&dir=desc'))).toEqual({ key: 'slip', dir: 'desc' });
    expect(parseSort(new URLSearchParams('sort=colour'))).toEqual({ key: 'current_due', dir: 'asc' });
  });

  it('flips the same column and starts another ascending', () => {
    expect(nextSort({ key: 'slip', dir: 'asc' }, 'slip')).toEqual({ key: 'slip', dir: 'desc' });
    expect(nextSort({ key: 'slip', dir: 'desc' }, 'title')).toEqual({ key: 'title', dir: 'asc' });
  });
});
