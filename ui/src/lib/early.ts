// The first view's data, asked for by index.html before the app's script has loaded.
//
// At start the page's script and style sheet take 20–30 ms to arrive and run; the
// dashboard's data used to be asked for only after that, and its answer then came after
// the "Loading" frame, so the dashboard took a second frame. A small inline script in
// index.html asks for the dashboard as soon as the page is parsed and notes the answer
// when it comes. Usually it is in before the app mounts: the dashboard is then built with
// its data in the mount itself (`takeEarlyAnswer`); otherwise the dashboard's first call
// awaits the request already under way (`takeEarly`, through `call`).
//
// index.html asks only for an address that is plainly the dashboard's (none, `#/` or
// `#/dashboard`); any other start, even one the router also sends to the dashboard, makes
// an ordinary first call.
//
// The early answer stands for the dashboard as of today at the moment the app starts, so
// it is handed out once, only for the dashboard as of today, and only during the start's
// first task (`discardEarly`, called by main.ts): a later call asks again.

type Early = {
  dashboard?: Promise<unknown>;
  /** Set by index.html once the answer has come. */
  answered?: { value: unknown };
};

declare global {
  interface Window {
    __accordEarly?: Early;
  }
}

let early: Early = {};

/** Takes what index.html asked for over from the page (main.ts calls it first). */
export function adoptEarly(page: { __accordEarly?: Early }): void {
  early = page.__accordEarly ?? {};
  delete page.__accordEarly;
}

/** What was asked early for this call, if it answers this call; handed out once. */
function take(command: string, args: unknown): Early | undefined {
  if (command !== 'dashboard') return undefined;
  const taken = early;
  early = {};
  const asOf = (args as { asOfDate?: unknown } | null)?.asOfDate;
  return asOf === null ? taken : undefined;
}

/** The early request for this call, answered or not, if there is one; once. */
export function takeEarly(command: string, args: unknown): Promise<unknown> | undefined {
  return take(command, args)?.dashboard;
}

/**
 * The early answer for this call if it has already come; once. When it has not, the
 * request stays for `takeEarly`.
 */
export function takeEarlyAnswer(command: string, args: unknown): { value: unknown } | undefined {
  if (!early.answered) return undefined;
  return take(command, args)?.answered;
}

/** Drops an early answer no call took in time. */
export function discardEarly(): void {
  early = {};
}
