import { useState } from 'preact/hooks';
import { shiftItem, type Shift } from '../../extension/storage.ts';
import { useShift } from '../shared/queries.ts';
import { isNewShift } from './ShiftStart.tsx';

export interface ShiftStartState {
  /** Whether the start-of-shift briefing shows: the last shift is over (or it was kept open). */
  show: boolean;
  shift: Shift | null;
  start: (next: Shift) => void;
  close: () => void;
}

/** The start-of-shift briefing: shown when the last shift is over, until the agent starts one. */
export function useShiftStart(): ShiftStartState {
  const shift = useShift();
  const [open, setOpen] = useState(false);
  return {
    show: open || (shift.isSuccess && isNewShift(shift.data, Date.now())),
    shift: shift.data ?? null,
    start: (next) => {
      void shiftItem.setValue(next);
      setOpen(false);
    },
    close: () => setOpen(false),
  };
}
