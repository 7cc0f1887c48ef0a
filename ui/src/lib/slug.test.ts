import { describe, expect, it } from 'vitest';
import { MAX_ID, childId, slugify } from './slug';

describe('slugify', () => {
  it('makes a readable id from a title', () => {
    expect(slugify('Information-sharing arrangement (UK)')).toBe('information-sharing-arrangement-uk');
    expect(slugify('  Zürich Café — déclaration  ')).toBe('zurich-cafe-declaration');
    expect(slugify('!!!')).toBe('');
  });

  it('cuts long titles at a word boundary', () => {
    const s = slugify('Expand technical information sharing with the AI Security Institute', 30);
    expect(s.length).toBeLessThanOrEqual(30);
    expect(s).toBe('expand-technical-information');
  });

  it('only makes ids the format accepts', () => {
    for (const title of ['UK–OpenAI MoU 2025', '2026: año nuevo', 'a.b_c']) {
      expect(slugify(title)).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    }
  });
});

describe('childId', () => {
  it('puts the child under its parent', () => {
    expect(childId('uk-openai-mou-2025', 'Security work')).toBe('uk-openai-mou-2025.security-work');
    expect(childId('x', '')).toBe('');
  });

  it('stays within the longest id', () => {
    expect(childId('p'.repeat(120), 'a long title here').length).toBeLessThanOrEqual(MAX_ID);
  });
});
