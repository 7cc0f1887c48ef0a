import { describe, expect, it } from 'vitest';
import {
  EMPTY_FILTER,
  filterHref,
  filterToSearchParams,
  isFiltered,
  parseFilter,
  tableHref,
  toggle,
} from './filters';

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

describe('toggle', () => {
  it('adds and removes one value', () => {
    expect(toggle(['a'], 'b', true)).toEqual(['a', 'b']);
    expect(toggle(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(toggle(['a'], 'a', true)).toEqual(['a']);
  });
});
