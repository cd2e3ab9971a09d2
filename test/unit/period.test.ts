import { describe, expect, it } from 'vitest';
import { parseIsoDate, periodLabel } from '../../src/domain/period.ts';

const d = (s: string) => parseIsoDate(s)!;

describe('periodLabel', () => {
  it.each([
    ['2023-01-01', '2023-06-30', '2023 H1'],
    ['2023-07-01', '2023-12-31', '2023 H2'],
    ['2023-01-01', '2023-07-31', '2023 Jan-Jul'],
    ['2023-01-01', '2023-12-31', '2023'],
    ['2023-07-01', '2023-09-30', '2023 Q3'],
    ['2023-08-01', '2023-08-31', '2023 Aug'],
    ['2024-02-01', '2024-02-29', '2024 Feb'],
    ['2023-08-17', '2023-08-17', '2023-08-17'],
    ['2023-01-15', '2023-07-31', '2023-01-15 to 2023-07-31'],
    ['2022-12-01', '2023-01-31', '2022-12-01 to 2023-01-31'],
  ])('%s to %s is "%s"', (start, end, label) => {
    expect(periodLabel(d(start), d(end))).toBe(label);
  });
});

describe('parseIsoDate', () => {
  it('accepts real dates only', () => {
    expect(parseIsoDate('2023-02-28')?.toISOString()).toBe('2023-02-28T00:00:00.000Z');
    expect(parseIsoDate('2023-02-29')).toBeNull();
    expect(parseIsoDate('2023-13-01')).toBeNull();
    expect(parseIsoDate('23-01-01')).toBeNull();
  });
});
