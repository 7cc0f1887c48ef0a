import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER,
  applyFilter,
  filterHref,
  filterOptions,
  filterToSearchParams,
  indexLanes,
  isFiltered,
  milestoneIdsFromHits,
  parseFilter,
  tableHref,
  toggle,
} from './filters';
import { LANES, milestone } from './testing/samples';

const q = (text: string) => new URLSearchParams(text);

describe('parseFilter', () => {
  it('reads an empty query as no filter', () => {
    expect(parseFilter(q(''))).toEqual(EMPTY_FILTER);
    expect(isFiltered(parseFilter(q('')))).toBe(false);
  });

  it('reads comma-separated and repeated values, without duplicates', () => {
    const f = parseFilter(q('status=done,missed&status=done&instrument=i1&timeliness=overdue'));
    expect(f.status).toEqual(['done', 'missed']);
    expect(f.instrument).toEqual(['i1']);
    expect(f.timeliness).toEqual(['overdue']);
  });

  it('drops statuses and timeliness it does not know, so an old link still shows something', () => {
    const f = parseFilter(q('status=done,finished&timeliness=soonish'));
    expect(f.status).toEqual(['done']);
    expect(f.timeliness).toEqual([]);
  });

  it('keeps commas inside party names (parties repeat instead)', () => {
    const f = parseFilter(q('party=Nvidia%2C+Inc.&party=OpenAI'));
    expect(f.party).toEqual(['Nvidia, Inc.', 'OpenAI']);
  });

  it('reads stale=1 and a trimmed search', () => {
    const f = parseFilter(q('stale=1&q=++gpu+'));
    expect(f.stale).toBe(true);
    expect(f.q).toBe('gpu');
    expect(parseFilter(q('stale=0')).stale).toBe(false);
  });
});

describe('filter links', () => {
  it('round-trips through the query', () => {
    const f = { ...EMPTY_FILTER, instrument: ['i1', 'i2'], party: ['Nvidia, Inc.'], status: ['done' as const], stale: true, q: 'gpu' };
    expect(parseFilter(filterToSearchParams(f))).toEqual(f);
  });

  it('writes the dashboard links the brief names', () => {
    expect(tableHref({ instrument: ['uk-openai-mou-2025'], status: ['done'] })).toBe('#/table?instrument=uk-openai-mou-2025&status=done');
    expect(tableHref({ timeliness: ['overdue'] })).toBe('#/table?timeliness=overdue');
    expect(tableHref({ stale: true })).toBe('#/table?stale=1');
    expect(tableHref({})).toBe('#/table');
  });

  it('keeps extra parameters such as the sort order', () => {
    expect(filterHref('table', EMPTY_FILTER, { sort: 'slip', dir: 'desc', empty: '' })).toBe('#/table?sort=slip&dir=desc');
  });
});

describe('applyFilter', () => {
  const index = indexLanes(LANES);
  const rows = [
    milestone({ id: 'a', status: 'done', timeliness: 'on_time', stale: false }),
    milestone({ id: 'b', status: 'in_progress', timeliness: 'overdue', commitment_id: 'c2' }),
    milestone({ id: 'c', status: 'unassessed', timeliness: 'undated', commitment_id: 'c3', instrument_id: 'i2' }),
  ];
  const ids = (f: Partial<typeof EMPTY_FILTER>, found: Set<string> | null = null) =>
    applyFilter(rows, { ...EMPTY_FILTER, ...f }, index, found).map((m) => m.id);

  it('passes everything with no filter', () => {
    expect(ids({})).toEqual(['a', 'b', 'c']);
  });

  it('filters by instrument, commitment, status, timeliness and staleness', () => {
    expect(ids({ instrument: ['i2'] })).toEqual(['c']);
    expect(ids({ commitment: ['c1', 'c2'] })).toEqual(['a', 'b']);
    expect(ids({ status: ['done', 'unassessed'] })).toEqual(['a', 'c']);
    expect(ids({ timeliness: ['overdue'] })).toEqual(['b']);
    expect(ids({ stale: true })).toEqual(['b', 'c']);
  });

  it('filters by theme through the commitment', () => {
    expect(ids({ theme: ['research'] })).toEqual(['a']);
    expect(ids({ theme: ['skills', 'infrastructure'] })).toEqual(['b', 'c']);
  });

  it("filters by party through the commitment's and the instrument's parties", () => {
    expect(ids({ party: ['AI Security Institute'] })).toEqual(['a']);
    expect(ids({ party: ['DSIT'] })).toEqual(['a', 'b']);
    expect(ids({ party: ['Nvidia, Inc.'] })).toEqual(['c']);
  });

  it('combines filters with "and"', () => {
    expect(ids({ instrument: ['i1'], stale: true })).toEqual(['b']);
  });

  it('applies the search only once its answer is in', () => {
    expect(ids({ q: 'gpu' }, null)).toEqual(['a', 'b', 'c']);
    expect(ids({ q: 'gpu' }, new Set(['b']))).toEqual(['b']);
  });
});

describe('milestoneIdsFromHits', () => {
  const rows = [
    milestone({ id: 'a' }),
    milestone({ id: 'b', commitment_id: 'c2' }),
    milestone({ id: 'c', commitment_id: 'c3', instrument_id: 'i2' }),
  ];
  const hit = (kind: 'instrument' | 'commitment' | 'milestone', id: string) => ({
    kind,
    id,
    title: id,
    instrument_id: 'i1',
    commitment_id: null,
    snippet: '',
  });

  it('takes milestone hits and every milestone under a matching commitment or instrument', () => {
    expect([...milestoneIdsFromHits([hit('milestone', 'a')], rows)]).toEqual(['a']);
    expect([...milestoneIdsFromHits([hit('commitment', 'c2')], rows)]).toEqual(['b']);
    expect([...milestoneIdsFromHits([hit('instrument', 'i2')], rows)].sort()).toEqual(['c']);
    expect(milestoneIdsFromHits([], rows).size).toBe(0);
  });
});

describe('filterOptions', () => {
  it('lists instruments, themes and parties from the data, sorted', () => {
    const o = filterOptions(LANES);
    expect(o.instruments.map((i) => i.id)).toEqual(['i2', 'i1']);
    expect(o.themes).toEqual(['infrastructure', 'research', 'security-safety', 'skills']);
    expect(o.parties).toEqual(['AI Security Institute', 'DSIT', 'Nvidia, Inc.', 'OpenAI']);
  });
});

describe('toggle', () => {
  it('adds and removes one value', () => {
    expect(toggle(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(toggle(['a'], 'a', true)).toEqual(['a']);
  });
});
