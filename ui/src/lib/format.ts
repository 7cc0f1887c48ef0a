// Words and colours for the vocabularies, and date formatting. Pure functions: tested
// with Vitest.
import type { MilestoneStatus } from '../bindings/MilestoneStatus';
import type { Timeliness } from '../bindings/Timeliness';
import type { InstrumentKind } from '../bindings/InstrumentKind';
import type { Binding } from '../bindings/Binding';
import type { PartyRole } from '../bindings/PartyRole';
import type { Origin } from '../bindings/Origin';
import type { MilestoneKind } from '../bindings/MilestoneKind';

export const STATUSES: MilestoneStatus[] = [
  'unassessed',
  'not_started',
  'in_progress',
  'stalled',
  'done',
  'partly_done',
  'missed',
  'withdrawn',
  'unclear',
];

/** The statuses an update can record (everything but `unassessed`). */
export const UPDATE_STATUSES = STATUSES.filter((s) => s !== 'unassessed') as Exclude<MilestoneStatus, 'unassessed'>[];

export const TIMELINESS: Timeliness[] = ['overdue', 'due_soon', 'late', 'on_time', 'undated'];

const STATUS_LABELS: Record<MilestoneStatus, string> = {
  unassessed: 'Unassessed',
  not_started: 'Not started',
  in_progress: 'In progress',
  stalled: 'Stalled',
  done: 'Done',
  partly_done: 'Partly done',
  missed: 'Missed',
  withdrawn: 'Withdrawn',
  unclear: 'Unclear',
};

const TIMELINESS_LABELS: Record<Timeliness, string> = {
  overdue: 'Overdue',
  due_soon: 'Due soon',
  late: 'Done late',
  on_time: 'On time',
  undated: 'No date',
};

export function statusLabel(s: MilestoneStatus): string {
  return STATUS_LABELS[s] ?? s;
}

export function timelinessLabel(t: Timeliness): string {
  return TIMELINESS_LABELS[t] ?? t;
}

/** CSS custom property holding a status's colour (defined in styles/app.css). */
export function statusColor(s: MilestoneStatus): string {
  return `var(--status-${s.replace('_', '-')})`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-07-21` → `21 Jul 2026`; other text is returned as it is. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

/** A partial date for people: `2026-Q3` → `Q3 2026`, `2026-07` → `Jul 2026`. */
export function formatPartial(text: string | null | undefined): string {
  if (!text) return 'No date';
  let m = /^(\d{4})-([HQ])([1-4])$/.exec(text);
  if (m) return `${m[2]}${m[3]} ${m[1]}`;
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) return `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(text);
  return text;
}

/** Slip in days as people say it: `+183 days`, `on schedule`, `—`. */
export function formatSlip(days: number | null | undefined): string {
  if (days === null || days === undefined) return '—';
  if (days === 0) return 'on schedule';
  const n = Math.abs(days);
  return `${days > 0 ? '+' : '−'}${n} day${n === 1 ? '' : 's'}`;
}

const COUNTS = new Intl.NumberFormat('en-GB');

/** `12,500`: a count with its thousands separated, as the dates are written for en-GB. */
export function count(n: number): string {
  return COUNTS.format(n);
}

/** `3 / 90`, always with its denominator. */
export function ofTotal(n: number | undefined, total: number): string {
  return `${count(n ?? 0)} / ${count(total)}`;
}

const KIND_LABELS: Record<InstrumentKind, string> = {
  mou: 'Memorandum of understanding',
  agreement: 'Agreement',
  action_plan: 'Action plan',
  declaration: 'Declaration',
  pledge: 'Pledge',
  law: 'Law',
  other: 'Other',
};

export const INSTRUMENT_KINDS = Object.keys(KIND_LABELS) as InstrumentKind[];

export function instrumentKindLabel(k: InstrumentKind): string {
  return KIND_LABELS[k] ?? k;
}

const BINDING_LABELS: Record<Binding, string> = {
  binding: 'Binding',
  non_binding: 'Non-binding',
  unknown: 'Binding status unknown',
};

export const BINDINGS = Object.keys(BINDING_LABELS) as Binding[];

export function bindingLabel(b: Binding): string {
  return BINDING_LABELS[b] ?? b;
}

/** What the binding means for a reader, said once beside the label. */
export function bindingExplanation(b: Binding): string {
  switch (b) {
    case 'binding':
      return 'The parties are legally bound by it.';
    case 'non_binding':
      return 'Voluntary: the parties are not legally bound by what it says.';
    default:
      return 'Whether it binds the parties is not stated.';
  }
}

const ROLE_LABELS: Record<PartyRole, string> = { government: 'Government', company: 'Company', other: 'Other' };

export const PARTY_ROLES = Object.keys(ROLE_LABELS) as PartyRole[];

export function roleLabel(r: PartyRole): string {
  return ROLE_LABELS[r] ?? r;
}

/** Where a milestone comes from, in words that keep the text's own dates apart. */
export function originLabel(o: Origin): string {
  return o === 'stated' ? 'Stated in the text' : 'Derived by an analyst';
}

/** Output (the action) versus outcome (the effect). */
export function milestoneKindLabel(k: MilestoneKind): string {
  return k === 'output' ? 'Output: the action' : 'Outcome: the effect';
}

/** `2025-09-14T10:02:11Z` → `14 Sep 2025, 10:02 UTC`; other text is returned as it is. */
export function formatTimestamp(text: string | null | undefined): string {
  if (!text) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!m) return text;
  const zone = !m[4] || m[4] === 'Z' ? 'UTC' : m[4];
  return `${formatDate(m[1])}, ${m[2]}:${m[3]} ${zone}`;
}

/**
 * The first day of a partial date's period (`2026-Q3` → `2026-07-01`), for sorting by the
 * original due, which the views send as written; null for anything else.
 */
export function partialStart(text: string | null | undefined): string | null {
  if (!text) return null;
  let m = /^(\d{4})$/.exec(text);
  if (m) return `${m[1]}-01-01`;
  m = /^(\d{4})-H([12])$/.exec(text);
  if (m) return `${m[1]}-${m[2] === '1' ? '01' : '07'}-01`;
  m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (m) return `${m[1]}-${String((Number(m[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  m = /^(\d{4})-(\d{2})$/.exec(text);
  if (m) return `${m[1]}-${m[2]}-01`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  return null;
}

/** Whole days from `from` to `to` (ISO dates); positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** `1 day`, `12 days`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}

/**
 * The day after an ISO date (YYYY-MM-DD), for drawing a period that ends at the end of its
 * last day. Worked out on the text: the timeline's chart asks it for each of up to 2,000
 * ranges as its page first paints, where a Date each was a hundredth of a second.
 */
export function nextDay(iso: string): string {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  const two = (n: number) => String(n).padStart(2, '0');
  if (day < daysInMonth(year, month)) return `${iso.slice(0, 8)}${two(day + 1)}`;
  if (month < 12) return `${iso.slice(0, 5)}${two(month + 1)}-01`;
  return `${String(year + 1).padStart(4, '0')}-01-01`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
