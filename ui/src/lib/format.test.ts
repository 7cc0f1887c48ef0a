import { describe, expect, it } from 'vitest';
import {
  STATUSES,
  UPDATE_STATUSES,
  bindingLabel,
  daysBetween,
  formatDate,
  formatPartial,
  formatSlip,
  formatTimestamp,
  nextDay,
  count,
  ofTotal,
  partialStart,
  plural,
  statusColor,
  statusLabel,
  timelinessLabel,
} from './format';

describe('vocabularies', () => {
  it('keeps "unassessed" apart from the statuses an update can record', () => {
    expect(STATUSES[0]).toBe('unassessed');
    expect(UPDATE_STATUSES).not.toContain('unassessed');
    expect(UPDATE_STATUSES).toHaveLength(8);
  });

  it('has words for every status and timeliness', () => {
    for (const s of STATUSES) expect(statusLabel(s)).not.toBe(s);
    expect(timelinessLabel('due_soon')).toBe('Due soon');
    expect(bindingLabel('non_binding')).toBe('Non-binding');
  });

  it('names the CSS colour of a status', () => {
    expect(statusColor('in_progress')).toBe('var(--status-in-progress)');
    expect(statusColor('done')).toBe('var(--status-done)');
  });
});

describe('dates', () => {
  it('formats full dates and leaves other text alone', () => {
    expect(formatDate('2025-07-21')).toBe('21 Jul 2025');
    expect(formatDate(null)).toBe('—');
    expect(formatDate('2025-07')).toBe('2025-07');
  });

  it('formats partial dates for people', () => {
    expect(formatPartial('2026-Q3')).toBe('Q3 2026');
    expect(formatPartial('2026-H1')).toBe('H1 2026');
    expect(formatPartial('2026-07')).toBe('Jul 2026');
    expect(formatPartial('2026-07-01')).toBe('1 Jul 2026');
    expect(formatPartial('2026')).toBe('2026');
    expect(formatPartial(null)).toBe('No date');
  });

  it("finds a partial date's first day, for sorting", () => {
    expect(partialStart('2026')).toBe('2026-01-01');
    expect(partialStart('2026-H2')).toBe('2026-07-01');
    expect(partialStart('2026-Q4')).toBe('2026-10-01');
    expect(partialStart('2026-03')).toBe('2026-03-01');
    expect(partialStart('2026-03-15')).toBe('2026-03-15');
    expect(partialStart('soon')).toBeNull();
    expect(partialStart(null)).toBeNull();
  });

  it('formats recorded-at timestamps in UTC', () => {
    expect(formatTimestamp('2025-09-14T10:02:11Z')).toBe('14 Sep 2025, 10:02 UTC');
    expect(formatTimestamp('2025-09-14T10:02:11.123+01:00')).toBe('14 Sep 2025, 10:02 +01:00');
    expect(formatTimestamp(null)).toBe('—');
    expect(formatTimestamp('yesterday')).toBe('yesterday');
  });

  it('counts days and steps to the next day across month and year ends', () => {
    expect(daysBetween('2026-11-27', '2026-12-01')).toBe(4);
    expect(daysBetween('2026-12-01', '2026-11-27')).toBe(-4);
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });

  it('steps to the next day as the calendar does, every day of four centuries', () => {
    // 1900 and 2100 are not leap years, 2000 is; Date's UTC calendar is the reference.
    const day = new Date(Date.UTC(1899, 11, 1));
    const end = Date.UTC(2300, 0, 1);
    let checked = 0;
    while (day.valueOf() < end) {
      const iso = day.toISOString().slice(0, 10);
      day.setUTCDate(day.getUTCDate() + 1);
      const next = day.toISOString().slice(0, 10);
      if (nextDay(iso) !== next) expect(nextDay(iso), iso).toBe(next);
      checked++;
    }
    expect(checked).toBeGreaterThan(146_000);
    expect(nextDay('2100-02-28')).toBe('2100-03-01');
    expect(nextDay('2000-02-28')).toBe('2000-02-29');
    expect(nextDay('0999-12-31')).toBe('1000-01-01');
  });
});

describe('numbers', () => {
  it('always shows a count with its denominator', () => {
    expect(ofTotal(3, 90)).toBe('3 / 90');
    expect(ofTotal(undefined, 90)).toBe('0 / 90');
    expect(ofTotal(12500, 100000)).toBe('12,500 / 100,000');
  });

  it('separates the thousands of large counts', () => {
    expect(count(999)).toBe('999');
    expect(count(2000)).toBe('2,000');
    expect(count(1234567)).toBe('1,234,567');
  });

  it('says slip in days with a sign', () => {
    expect(formatSlip(183)).toBe('+183 days');
    expect(formatSlip(1)).toBe('+1 day');
    expect(formatSlip(-30)).toBe('−30 days');
    expect(formatSlip(0)).toBe('on schedule');
    expect(formatSlip(null)).toBe('—');
  });

  it('pluralises', () => {
    expect(plural(1, 'day')).toBe('1 day');
    expect(plural(2, 'day')).toBe('2 days');
    expect(plural(0, 'entry', 'entries')).toBe('0 entries');
    expect(plural(20000, 'milestone')).toBe('20,000 milestones');
  });
});
