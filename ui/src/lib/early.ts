// The first view's data, asked for by index.html before the app's script has loaded.
//
// At start the page's script and style sheet take 20–30 ms to arrive and run; the
// dashboard's data used to be asked for only after that, and its answer then came after
// the "Loading" frame, so the dashboard took a second frame. A small inline script in
// index.html asks for the dashboard as soon as the page is parsed; by the time the app
// mounts the answer is usually in, and the first frame already shows the dashboard.
//
// The early answer stands for the dashboard as of today at the moment the app starts, so
// it is handed out once, only to a dashboard call for today, and only during the start's
// first task (`discardEarly`, called by main.ts): a later call asks again.

type Early = { dashboard?: Promise<unknown> };

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

/** The early answer for this call, if there is one and it answers this call; once. */
export function takeEarly(command: string, args: unknown): Promise<unknown> | undefined {
  if (command !== 'dashboard') return undefined;
  const answer = early.dashboard;
  early = {};
  const asOf = (args as { asOfDate?: unknown } | null)?.asOfDate;
  return asOf === null ? answer : undefined;
}

/** Drops an early answer no call took in time. */
export function discardEarly(): void {
  early = {};
}
