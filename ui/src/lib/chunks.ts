// Modules loaded on demand, each at most once at a time, and handed over as they are once
// loaded. Svelte's `{#await}` draws a value that is not a promise at once, so a view whose
// script has already loaded appears with no empty frame on the way (lib/later-views).

type Loaders = Record<string, () => Promise<{ default: unknown }>>;
type Loaded<L extends Loaders, K extends keyof L> = Awaited<ReturnType<L[K]>>['default'];

export function chunks<L extends Loaders>(loaders: L) {
  const ready = new Map<keyof L, unknown>();
  const pending = new Map<keyof L, Promise<unknown>>();

  /** The module's default export if it has loaded; otherwise a promise of it. */
  function later<K extends keyof L>(name: K): Loaded<L, K> | Promise<Loaded<L, K>> {
    if (ready.has(name)) return ready.get(name) as Loaded<L, K>;
    let loading = pending.get(name);
    if (!loading) {
      loading = loaders[name]().then(
        (module) => {
          ready.set(name, module.default);
          pending.delete(name);
          return module.default;
        },
        (error: unknown) => {
          // The next call tries again.
          pending.delete(name);
          throw error;
        },
      );
      pending.set(name, loading);
    }
    return loading as Promise<Loaded<L, K>>;
  }

  /** Loads every module in the background; a failure shows when one is asked for. */
  function prefetch(): void {
    for (const name of Object.keys(loaders) as (keyof L)[]) {
      Promise.resolve(later(name)).catch(() => {});
    }
  }

  return { later, prefetch };
}
