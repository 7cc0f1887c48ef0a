import { describe, expect, it } from 'vitest';
import { firstScreenRows } from './first-screen';

describe('firstScreenRows', () => {
  it('counts the rows a window shows, a cut one included', () => {
    // The default 1280×800 window, less its menu bar: three whole rows and part of a fourth.
    expect(firstScreenRows(770)).toBe(4);
    expect(firstScreenRows(1050)).toBe(7);
  });

  it('draws at least one row, however short the window', () => {
    expect(firstScreenRows(300)).toBe(1);
    expect(firstScreenRows(0)).toBe(1);
  });
});
