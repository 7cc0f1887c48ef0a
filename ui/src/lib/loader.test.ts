import { describe, expect, it } from 'vitest';
import { Loader } from './loader.svelte';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Loader', () => {
  it('starts with data given as current, without asking, and reloads when asked', async () => {
    let asked = 0;
    const loader = new Loader(async () => ++asked, { value: 0 });
    expect(loader.data).toBe(0);
    expect(loader.loading).toBe(false);
    expect(asked).toBe(0);
    await loader.load();
    expect(loader.data).toBe(1);
  });

  it('keeps the newest answer when answers come back out of order', async () => {
    const answers = [deferred<string>(), deferred<string>()];
    let n = 0;
    const loader = new Loader(() => answers[n++].promise);
    const first = loader.load();
    const second = loader.load();
    answers[1].resolve('new');
    await second;
    answers[0].resolve('old');
    await first;
    expect(loader.data).toBe('new');
    expect(loader.loading).toBe(false);
  });

  it('turns a rejection into a CommandError and keeps the last data', async () => {
    let fail = false;
    const loader = new Loader(async () => {
      if (fail) throw { code: 'not_found', message: 'there is no milestone with id "x"' };
      return 1;
    });
    await loader.load();
    fail = true;
    await loader.load();
    expect(loader.data).toBe(1);
    expect(loader.error).toEqual({ code: 'not_found', message: 'there is no milestone with id "x"', path: null, fields: [] });
    fail = false;
    await loader.load();
    expect(loader.error).toBeNull();
  });
});
