// Small hand-made view models for the unit tests of the pure modules. The view tests in
// tests/views use the core's real output instead; these only need the fields' shapes.
import type { InstrumentLane } from '../../bindings/InstrumentLane';
import type { MilestoneView } from '../../bindings/MilestoneView';

export function milestone(over: Partial<MilestoneView> & { id: string }): MilestoneView {
  return {
    title: `Milestone ${over.id}`,
    commitment_id: 'c1',
    commitment_title: 'Commitment one',
    instrument_id: 'i1',
    instrument_title: 'Instrument one',
    origin: 'stated',
    kind: 'output',
    due: null,
    current_due: null,
    current_start: null,
    current_end: null,
    original_end: null,
    status: 'unassessed',
    slip_days: null,
    timeliness: 'undated',
    stale: true,
    last_as_of: null,
    archived: false,
    ...over,
  };
}

export const LANES: InstrumentLane[] = [
  {
    id: 'i1',
    title: 'Instrument one',
    kind: 'mou',
    binding: 'non_binding',
    commitments: [
      { id: 'c1', title: 'Commitment one' },
      { id: 'c2', title: 'Commitment two' },
    ],
  },
  {
    id: 'i2',
    title: 'Another, earlier instrument',
    kind: 'pledge',
    binding: 'binding',
    commitments: [{ id: 'c3', title: 'Commitment three' }],
  },
];
