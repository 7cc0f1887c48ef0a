import { describe, expect, it } from 'vitest';
import { isCut, translateX } from './axis-labels';

describe('axis labels at the edges', () => {
  it("reads a label's x from the transform vis-timeline gives it", () => {
    expect(translateX('translate(-12.5px, 0px)')).toBe(-12.5);
    expect(translateX('translate(340px, 18px)')).toBe(340);
    expect(translateX('')).toBeNull();
    expect(translateX('scale(2)')).toBeNull();
  });

  it('cuts a label that starts left of the axis or runs past its right end', () => {
    // "2025" in 8.5 px digits with 3 px padding each side is 40 px wide.
    expect(isCut(-10, 4, 8.5, 600)).toBe(true);
    expect(isCut(0, 4, 8.5, 600)).toBe(false);
    expect(isCut(560, 4, 8.5, 600)).toBe(false);
    expect(isCut(561, 4, 8.5, 600)).toBe(true);
    expect(isCut(590, 4, 8.5, 600)).toBe(true);
  });
});
