// Placing the core's field errors in an edit form: each path (`title`, `parties[0].name`,
// `sources[1].url`) belongs beside one control; whatever no control shows is listed at the
// top of the form, so no message is ever dropped.
import type { CommandError } from '../bindings/CommandError';

/** The message for a path, or null. */
export function messageAt(error: CommandError | null, path: string): string | null {
  return error?.fields.find((f) => f.path === path)?.message ?? null;
}

/** Every message whose path starts with `prefix[` (the rows of a list), joined. */
export function messagesUnder(error: CommandError | null, prefix: string, label: (index: number) => string): string | null {
  if (!error) return null;
  const out: string[] = [];
  const pattern = new RegExp(`^${prefix.replace(/[.[\]]/g, '\\$&')}\\[(\\d+)\\]`);
  for (const f of error.fields) {
    const m = pattern.exec(f.path);
    if (m) out.push(`${label(Number(m[1]))}: ${f.message}`);
  }
  return out.length ? out.join(' ') : null;
}

/**
 * The messages no control shows: paths not matched by `shown`, or the error's message
 * when it names no field at all (a refusal, a missing parent, a database error).
 */
export function unplacedMessage(error: CommandError | null, shown: (path: string) => boolean): string | null {
  if (!error) return null;
  if (error.fields.length === 0) return error.message;
  const rest = error.fields.filter((f) => !shown(f.path));
  return rest.length ? rest.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('\n') : null;
}
