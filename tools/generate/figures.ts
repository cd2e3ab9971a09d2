// Figures and changes as a report writes them, for the synthetic graph's observations.
import type { Unit } from '../../src/generated/prisma/enums.ts';
import { Random } from './random.ts';
import { type KnowledgeFileInput, pad, withCommas } from './entities.ts';
import { BENCHMARKS } from './vocabulary.ts';

/** A value as a report writes it (the knowledge file's figure) and as its sentence shows it. */
export function figure(unit: Unit, rng: Random): { value: string; written: string } {
  switch (unit) {
    case 'CNY':
    case 'USD': {
      const scale = rng.weighted({ billion: 6, million: 3, trillion: 1 });
      const n = scale === 'trillion' ? `${rng.int(1, 9)}.${pad(rng.int(0, 99))}` : `${rng.int(1, 999)}.${pad(rng.int(0, 99))}`;
      const value = `${n} ${scale}`;
      return { value, written: unit === 'CNY' ? `${value} yuan` : `${value} US dollars` };
    }
    case 'COUNT': {
      if (rng.chance(0.2)) {
        const value = `${rng.int(1, 99)}.${rng.int(0, 9)} million`;
        return { value, written: value };
      }
      const value = withCommas(rng.int(10, 999_999));
      return { value, written: value };
    }
    case 'PERCENT': {
      const value = `${rng.int(0, 95)}.${rng.int(0, 9)}`;
      return { value, written: `${value}%` };
    }
    case 'PERCENTAGE_POINT': {
      const value = `${rng.int(0, 30)}.${rng.int(0, 9)}`;
      return { value, written: `${value} percentage points` };
    }
    case 'FOLD': {
      const value = `${rng.int(1, 20)}.${rng.int(0, 9)}`;
      return { value, written: `${value}-fold` };
    }
  }
}

type Change = { change: NonNullable<KnowledgeFileInput['observations'][number]['change']>; text: string };

/** The change a report gives with a level (about half of them do). */
export function reportedChange(rng: Random): Change | undefined {
  const kind = rng.weighted({ none: 45, yoy: 40, pop: 8, fold: 2, benchmark: 5 });
  const n = `${rng.int(0, 79)}.${rng.int(1, 9)}`;
  const down = rng.chance(0.25);
  switch (kind) {
    case 'none':
      return undefined;
    case 'yoy':
      return {
        change: { basis: 'YEAR_ON_YEAR', value: down ? `-${n}` : n, unit: 'PERCENT' },
        text: `, a year-on-year ${down ? 'decrease' : 'increase'} of ${n}%`,
      };
    case 'pop':
      return {
        change: { basis: 'PERIOD_ON_PERIOD', value: down ? `-${n}` : n, unit: 'PERCENT' },
        text: `, ${down ? 'down' : 'up'} ${n}% on the previous period`,
      };
    case 'fold': {
      const f = `${rng.int(2, 15)}.${rng.int(0, 9)}`;
      return { change: { basis: 'YEAR_ON_YEAR', value: f, unit: 'FOLD' }, text: `, a ${f}-fold increase year on year` };
    }
    default:
      return benchmarkChange(rng);
  }
}

export function benchmarkChange(rng: Random): Change {
  const benchmark = rng.pick(BENCHMARKS);
  const n = `${rng.int(0, 20)}.${rng.int(1, 9)}`;
  const below = rng.chance(0.3);
  return {
    change: { basis: 'VERSUS_BENCHMARK', value: below ? `-${n}` : n, unit: 'PERCENTAGE_POINT', benchmark },
    text: `, ${n} percentage points ${below ? 'below' : 'above'} the ${benchmark}`,
  };
}
