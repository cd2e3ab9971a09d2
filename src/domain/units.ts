// Units of reported values and changes, and which metrics each may measure.
import type { Unit, UnitKind } from '../generated/prisma/enums.ts';

export const UNIT_KIND: Record<Unit, UnitKind> = {
  CNY: 'CURRENCY',
  USD: 'CURRENCY',
  COUNT: 'COUNT',
  PERCENT: 'PERCENTAGE',
  PERCENTAGE_POINT: 'PERCENTAGE',
  FOLD: 'MULTIPLE',
};

export const UNIT_DESCRIPTIONS: Record<Unit, string> = {
  CNY: 'Chinese yuan (renminbi)',
  USD: 'US dollars',
  COUNT: 'a number of things (flights, passengers, enterprises, ...)',
  PERCENT: 'percent',
  PERCENTAGE_POINT: 'percentage points: the difference between two percentages',
  FOLD: 'a multiple: an n-fold increase',
};

/** Units a change (as opposed to a level) can be reported in. */
export const CHANGE_UNITS = ['PERCENT', 'PERCENTAGE_POINT', 'FOLD'] as const satisfies readonly Unit[];
