import { describe, expect, it } from 'vitest';
import { chunks } from './chunks';

function counted(result: () => Promise<{ default: unknown }>) {
  const loader = () => {
    loader.calls += 1;
    return result();
  };
  loader.calls = 0;
  return loader;
}

describe('chunks', () => {
  it('loads a module once and then hands its export over as it is, not as a promise', async () => {
    const view = { name: 'view' };
    const load = counted(() => Promise.resolve({ default: view }));
    const { later } = chunks({ view: load });
    const first = later('view');
    const second = later('view');
    expect(first).toBeInstanceOf(Promise);
    expect(second).toBe(first);
    expect(await first).toBe(view);
    expect(later('view')).toBe(view);
    expect(load.calls).toBe(1);
  });

  it('tries again after a failed load', async () => {
    let fail = true;
    const load = counted(() => (fail ? Promise.reject(new Error('offline')) : Promise.resolve({ default: 'ok' })));
    const { later } = chunks({ view: load });
    await expect(later('view')).rejects.toThrow('offline');
    fail = false;
    expect(await later('view')).toBe('ok');
    expect(later('view')).toBe('ok');
    expect(load.calls).toBe(2);
  });

  it('prefetches every module without an unhandled failure', async () => {
    const a = counted(() => Promise.resolve({ default: 'a' }));
    const b = counted(() => Promise.reject(new Error('gone')));
    const { later, prefetch } = chunks({ a, b });
    prefetch();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(later('a')).toBe('a');
    expect(a.calls).toBe(1);
    expect(b.calls).toBe(1);
    await expect(later('b')).rejects.toThrow('gone');
    expect(b.calls).toBe(2);
  });
});
