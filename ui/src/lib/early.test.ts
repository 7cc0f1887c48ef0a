import { describe, expect, it } from 'vitest';
import { adoptEarly, discardEarly, takeEarly, takeEarlyAnswer } from './early';

function page(answer: Promise<unknown>, answered?: unknown) {
  return { __accordEarly: { dashboard: answer, ...(answered === undefined ? {} : { answered: { value: answered } }) } };
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

  it('is handed out at once when it has come, and then not again', () => {
    const value = { as_of: '2026-12-06' };
    adoptEarly(page(Promise.resolve(value), value));
    expect(takeEarlyAnswer('dashboard', { asOfDate: null })).toEqual({ value });
    expect(takeEarlyAnswer('dashboard', { asOfDate: null })).toBeUndefined();
    expect(takeEarly('dashboard', { asOfDate: null })).toBeUndefined();
  });

  it('leaves the request for the call when the answer has not come yet', () => {
    const answer = new Promise(() => {});
    adoptEarly(page(answer));
    expect(takeEarlyAnswer('dashboard', { asOfDate: null })).toBeUndefined();
    expect(takeEarly('dashboard', { asOfDate: null })).toBe(answer);
  });

  it('is not given to another command, nor to a dashboard of another date', () => {
    const answer = Promise.resolve({});
    adoptEarly(page(answer, {}));
    expect(takeEarly('timeline', { asOfDate: null })).toBeUndefined();
    expect(takeEarlyAnswer('timeline', { asOfDate: null })).toBeUndefined();
    expect(takeEarlyAnswer('dashboard', { asOfDate: '2025-01-01' })).toBeUndefined();
    // The dated call used it up: a call for today after it asks again.
    expect(takeEarly('dashboard', { asOfDate: null })).toBeUndefined();
  });

  it('is dropped once the start is over', () => {
    adoptEarly(page(Promise.resolve({}), {}));
    discardEarly();
    expect(takeEarlyAnswer('dashboard', { asOfDate: null })).toBeUndefined();
    expect(takeEarly('dashboard', { asOfDate: null })).toBeUndefined();
  });

  it('is absent when the page asked for nothing', () => {
    adoptEarly({});
    expect(takeEarly('dashboard', { asOfDate: null })).toBeUndefined();
    expect(takeEarlyAnswer('dashboard', { asOfDate: null })).toBeUndefined();
  });
});
