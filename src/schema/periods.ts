// Period granularities as GraphQL sees them (the rules: src/sql/periods.ts).
import type { Granularity } from '../sql/periods.ts';
import { builder } from './builder.ts';

export const GranularityEnum = builder.enumType('Granularity', {
  description: 'Calendar periods of one length. A period can have several: 2023 H1 is a HALF and a YEAR_TO_DATE.',
  values: {
    MONTH: { description: 'Calendar months: 2023 Jul.' },
    QUARTER: { description: 'Calendar quarters: 2023 Q2 (April to June).' },
    HALF: { description: 'Half years: 2023 H1 (January to June), 2023 H2.' },
    YEAR: { description: 'Calendar years: 2023.' },
    YEAR_TO_DATE: { description: 'From 1 January to the end of a month of the same year: 2023 Jan-Jul, one per month.' },
  } satisfies Record<Granularity, { description: string }>,
});
