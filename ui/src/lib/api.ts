// The one typed door to the desktop shell. Every command the UI may call is listed in
// `Commands` with its argument and result types (generated from Rust in ../bindings), so a
// misspelt command or a wrong argument fails to compile.
import { invoke } from '@tauri-apps/api/core';
import type { CommandError } from '../bindings/CommandError';
import type { CommitmentDetail } from '../bindings/CommitmentDetail';
import type { CommitmentInput } from '../bindings/CommitmentInput';
import type { Dashboard } from '../bindings/Dashboard';
import type { EntityKind } from '../bindings/EntityKind';
import type { ExportFormat } from '../bindings/ExportFormat';
import type { Hit } from '../bindings/Hit';
import type { ImportResult } from '../bindings/ImportResult';
import type { InstrumentDetail } from '../bindings/InstrumentDetail';
import type { InstrumentInput } from '../bindings/InstrumentInput';
import type { MilestoneDetail } from '../bindings/MilestoneDetail';
import type { MilestoneInput } from '../bindings/MilestoneInput';
import type { MilestoneFilter } from '../bindings/MilestoneFilter';
import type { MilestoneList } from '../bindings/MilestoneList';
import type { MilestoneSort } from '../bindings/MilestoneSort';
import type { Timeline } from '../bindings/Timeline';
import type { Update } from '../bindings/Update';
import type { UpdateInput } from '../bindings/UpdateInput';
import type { Instrument } from '../bindings/Instrument';
import type { Commitment } from '../bindings/Commitment';
import type { Milestone } from '../bindings/Milestone';
import type { ReportDefaults } from '../bindings/ReportDefaults';
import type { ReportRequest } from '../bindings/ReportRequest';
import type { ReportWritten } from '../bindings/ReportWritten';
import { takeEarly } from './early';

type AsOf = { asOfDate: string | null };
type Empty = Record<string, never>;

export type Commands = {
  today: { args: Empty; result: string };
  dashboard: { args: AsOf; result: Dashboard };
  /** Without a filter: every milestone (what the report dialog lists instruments from). */
  timeline: { args: AsOf & { filter?: MilestoneFilter }; result: Timeline };
  milestone_list: { args: AsOf & { filter: MilestoneFilter; sort: MilestoneSort; limit: number }; result: MilestoneList };
  instrument_detail: { args: AsOf & { id: string }; result: InstrumentDetail };
  commitment_detail: { args: AsOf & { id: string }; result: CommitmentDetail };
  milestone_detail: { args: AsOf & { id: string }; result: MilestoneDetail };
  search: { args: { query: string }; result: Hit[] };
  record_update: { args: { input: UpdateInput }; result: Update };
  create_instrument: { args: { input: InstrumentInput }; result: Instrument };
  edit_instrument: { args: { id: string; input: InstrumentInput }; result: Instrument };
  create_commitment: { args: { input: CommitmentInput }; result: Commitment };
  edit_commitment: { args: { id: string; input: CommitmentInput }; result: Commitment };
  create_milestone: { args: { input: MilestoneInput }; result: Milestone };
  edit_milestone: { args: { id: string; input: MilestoneInput }; result: Milestone };
  set_archived: { args: { kind: EntityKind; id: string; archived: boolean }; result: null };
  delete_entity: { args: { kind: EntityKind; id: string }; result: null };
  import_file: { args: { path: string }; result: ImportResult };
  export_file: { args: AsOf & { path: string; format: ExportFormat }; result: null };
  open_link: { args: { url: string }; result: null };
  report_defaults: { args: Empty; result: ReportDefaults };
  export_report: { args: { request: ReportRequest }; result: ReportWritten };
};

/** Every command name, checked against the shell's list by a test. */
export const COMMAND_NAMES = [
  'today',
  'dashboard',
  'timeline',
  'milestone_list',
  'instrument_detail',
  'commitment_detail',
  'milestone_detail',
  'search',
  'record_update',
  'create_instrument',
  'edit_instrument',
  'create_commitment',
  'edit_commitment',
  'create_milestone',
  'edit_milestone',
  'set_archived',
  'delete_entity',
  'import_file',
  'export_file',
  'open_link',
  'report_defaults',
  'export_report',
] as const satisfies readonly (keyof Commands)[];

/** Calls a shell command. Failures reject with a `CommandError`. */
export async function call<K extends keyof Commands>(
  command: K,
  args: Commands[K]['args'],
): Promise<Commands[K]['result']> {
  try {
    const early = takeEarly(command, args) as Promise<Commands[K]['result']> | undefined;
    return await (early ?? invoke<Commands[K]['result']>(command, args));
  } catch (raw) {
    throw toCommandError(raw);
  }
}

/** Whatever was thrown, as a `CommandError` the UI can show. */
export function toCommandError(raw: unknown): CommandError {
  if (raw && typeof raw === 'object' && 'code' in raw && 'message' in raw) {
    const e = raw as Partial<CommandError>;
    return {
      code: String(e.code),
      message: String(e.message),
      path: e.path ?? null,
      fields: Array.isArray(e.fields) ? e.fields : [],
    };
  }
  return { code: 'internal', message: String(raw), path: null, fields: [] };
}

/** The message for one form field, if the error names it. */
export function fieldMessage(error: CommandError | null, path: string): string | null {
  if (!error) return null;
  const found = error.fields.find((f) => f.path === path);
  return found ? found.message : null;
}
