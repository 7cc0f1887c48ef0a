// What every view shares: the as-of date (null means today) and a data version that goes
// up whenever the shell reports a write, so views reload instead of polling.
import { listen } from '@tauri-apps/api/event';
import type { DataChanged } from '../bindings/DataChanged';

class AppState {
  /** The date the whole app shows; null follows today. */
  asOf = $state<string | null>(null);
  /** Today's date on this computer, from the shell. */
  today = $state<string>(new Date().toISOString().slice(0, 10));
  /** Goes up after every write; views depend on it to reload. */
  version = $state(0);
  /** A dialog a view asks the frame to open (the frame owns the dialogs). */
  openDialog = $state<'export-report' | null>(null);
  /** The instruments of the timeline's current filter, when a report is asked for from it. */
  reportScope = $state<{ instruments: string[]; description: string } | null>(null);
  /** The last write, for a status line. */
  lastChange = $state<DataChanged | null>(null);

  get effectiveAsOf(): string {
    return this.asOf ?? this.today;
  }
}

export const app = new AppState();

/** Starts listening for writes; returns the function that stops it. */
export async function followChanges(): Promise<() => void> {
  return listen<DataChanged>('data-changed', (event) => {
    app.lastChange = event.payload;
    app.version += 1;
  });
}
