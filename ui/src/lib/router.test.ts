import { describe, expect, it } from 'vitest';
import { href, parseHash } from './router.svelte';

describe('parseHash', () => {
  it('reads the view, the id and the query', () => {
    const r = parseHash('#/milestone/uk-openai-c2.m2');
    expect(r.name).toBe('milestone');
    expect(r.id).toBe('uk-openai-c2.m2');
    const t = parseHash('#/table?instrument=x&status=done,missed');
    expect(t.name).toBe('table');
    expect(t.id).toBeNull();
    expect(t.query.get('status')).toBe('done,missed');
  });

  it('falls back to the dashboard for an empty or unknown address', () => {
    expect(parseHash('').name).toBe('dashboard');
    expect(parseHash('#/').name).toBe('dashboard');
    expect(parseHash('#/nowhere').name).toBe('dashboard');
  });

  it('decodes ids', () => {
    expect(parseHash('#/instrument/a%20b').id).toBe('a b');
  });
});

describe('href', () => {
  it('builds addresses that parse back', () => {
    expect(href('dashboard')).toBe('#/dashboard');
    expect(href('milestone', 'uk-openai-c2.m2')).toBe('#/milestone/uk-openai-c2.m2');
    expect(href('search', null, { q: 'gpu & cloud', empty: '', none: undefined })).toBe('#/search?q=gpu+%26+cloud');
    const back = parseHash(href('instrument', 'a/b c'));
    expect(back.id).toBe('a/b c');
    expect(parseHash(href('search', null, { q: 'gpu & cloud' })).query.get('q')).toBe('gpu & cloud');
  });
});
