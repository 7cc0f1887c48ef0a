import { describe, expect, it } from 'vitest';
import { adoptEarly, discardEarly, takeEarly } from './early';

function page(answer: Promise<unknown>) {
  return { __accordEarly: { dashboard: answer } };
}

describe('the early dashboard answer', () => {
  it('answers the first dashboard call for today, once, and leaves the page', async () => {
    const answer = Promise.resolve({ as_of: '2026-12-06' });
    const p = page(answer);
    adoptEarly(p);
    expect(p.__accordEarly).toBeUndefined();
    expect(takeEarly('dashboard', { asOfDate: null })).toBe(answer);
    expect(takeEarly('dashboard', { asOfDate: null })).toBeUndefined();
  });

  it('is not given to another command, nor to a dashboard of another date', () => {
    const answer = Promise.resolve({});
    adoptEarly(page(answer));
    expect(takeEarly('timeline', { asOfDate: null })).toBeUndefined();
    expect(takeEarly('dashboard', { asOfDate: '2025-01-01' })).toBeUndefined();
    // The dated call used it up: a call for today after it asks again.
    expect(takeEarly('dashboard', { asOfDate: null })).toBeUndefined();
  });

  it('is dropped once the start is over', () => {
    adoptEarly(page(Promise.resolve({})));
    discardEarly();
    expect(takeEarly('dashboard', { asOfDate: null })).toBeUndefined();
  });

  it('is absent when the page asked for nothing', () => {
    adoptEarly({});
    expect(takeEarly('dashboard', { asOfDate: null })).toBeUndefined();
  });
});
