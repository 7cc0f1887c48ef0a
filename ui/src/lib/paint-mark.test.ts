import { afterEach, describe, expect, it, vi } from 'vitest';
import { markFirstPaint } from './paint-mark';

describe('markFirstPaint', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    performance.clearMarks();
  });

  it('marks the next frame once per name, however often a view renders', () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
    markFirstPaint('test:painted');
    markFirstPaint('test:painted');
    expect(performance.getEntriesByName('test:painted')).toHaveLength(0);
    expect(frames).toHaveLength(1);
    frames[0](0);
    expect(performance.getEntriesByName('test:painted')).toHaveLength(1);
    markFirstPaint('test:other');
    expect(frames).toHaveLength(2);
  });
});
