// Start-up: the first screen's data is asked for before the page is built, so the core
// works on it while the bundle mounts the app (otherwise the request waits for the first
// render). Each early answer is used once, by the first view asking the same question.
import { call, type Commands } from './api';

const early = new Map<string, Promise<unknown>>();

function keyOf(command: string, args: unknown): string {
  return `${command} ${JSON.stringify(args)}`;
}

/** Starts `command` now; `callEarly` with the same arguments takes its answer. */
export function prefetch<K extends keyof Commands>(command: K, args: Commands[K]['args']): void {
  const answer = call(command, args);
  // Whoever takes it sees the error; until then it is not an unhandled rejection.
  answer.catch(() => {});
  early.set(keyOf(command, args), answer);
}

/** The prefetched answer to this exact call if there is one not yet used, else a new call. */
export function callEarly<K extends keyof Commands>(command: K, args: Commands[K]['args']): Promise<Commands[K]['result']> {
  const key = keyOf(command, args);
  const answer = early.get(key);
  if (!answer) return call(command, args);
  early.delete(key);
  return answer as Promise<Commands[K]['result']>;
}
