import { describe, expect, it } from 'vitest';
import { isWebLink } from './external-links';

describe('isWebLink', () => {
  it('accepts absolute http and https addresses only', () => {
    expect(isWebLink('https://www.gov.uk/x')).toBe(true);
    expect(isWebLink('http://example.org')).toBe(true);
    expect(isWebLink(' HTTPS://EXAMPLE.ORG ')).toBe(true);
    expect(isWebLink('javascript:alert(1)')).toBe(false);
    expect(isWebLink('file:///etc/passwd')).toBe(false);
    expect(isWebLink('https:///no-host')).toBe(false);
    expect(isWebLink('//example.org')).toBe(false);
    expect(isWebLink('#/milestone/x')).toBe(false);
  });
});
