// Loading a view's data from the shell and keeping it current: the data, the error, and
// whether a load is under way, reloaded whenever the as-of date changes or a write is
// reported. A view keeps showing its last data while it reloads, so nothing flickers.
import { untrack } from 'svelte';
import type { CommandError } from '../bindings/CommandError';
import { toCommandError } from './api';
import { app } from './app-state.svelte';

export class Loader<T> {
  data = $state<T | null>(null);
  error = $state<CommandError | null>(null);
  loading = $state(false);
  #fetch: () => Promise<T>;
  // Answers can come back out of order when the date changes quickly; only the newest counts.
  #generation = 0;

  /** `initial`, when given, is data already current: the loader starts with it. */
  constructor(fetch: () => Promise<T>, initial?: { value: T }) {
    this.#fetch = fetch;
    if (initial) this.data = initial.value;
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const data = await this.#fetch();
      if (generation !== this.#generation) return;
      this.data = data;
      this.error = null;
    } catch (raw) {
      if (generation !== this.#generation) return;
      this.error = toCommandError(raw);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}

/**
 * A loader that reloads when `app.asOf` or `app.version` changes, or anything `fetch`
 * reads from props. Call while a component is being set up. Given `initial` (data already
 * current, such as the dashboard index.html asked for), it starts with that and loads
 * only when something it depends on changes.
 */
export function loadWithApp<T>(
  fetch: () => Promise<T>,
  depends: () => unknown = () => undefined,
  initial?: { value: T },
): Loader<T> {
  const loader = new Loader(fetch, initial);
  // The first run of the effect only subscribes: `initial` is what it would load.
  let skipFirstLoad = initial !== undefined;
  $effect(() => {
    void app.asOf;
    void app.version;
    depends();
    if (skipFirstLoad) {
      skipFirstLoad = false;
      return;
    }
    untrack(() => loader.load());
  });
  return loader;
}
