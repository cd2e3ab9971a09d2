import { describe, expect, it } from 'vitest';
import { fitsDecimalColumn } from '../../src/domain/decimal.ts';
import { numbersIn, parseQuantity } from '../../src/ingest/quantity.ts';

describe('parseQuantity', () => {
  it.each([
    ['2.07 trillion', '2070000000000', '2.07'],
    ['73.33 billion', '73330000000', '73.33'],
    ['450 million', '450000000', '450'],
    ['4.294 million', '4294000', '4.294'],
    ['27,000', '27000', '27000'],
    ['1,234,567.25', '1234567.25', '1234567.25'],
    ['3.8', '3.8', '3.8'],
    ['0.5 thousand', '500', '0.5'],
    ['-2.5', '-2.5', '2.5'],
    ['007', '7', '007'],
    ['0.000001', '0.000001', '0.000001'],
    ['1.5000', '1.5', '1.5000'],
  ])('reads %s exactly as %s', (text, decimal, written) => {
    expect(parseQuantity(text)).toEqual({ decimal, written });
  });

  it.each(['', 'abc', '2.07 trillon', '1,23', '1.2.3', '12 billions', '1e9', 'NaN', '3.8%'])('rejects %j', (text) => {
    expect(parseQuantity(text)).toBeNull();
  });

  it('never goes through floating point', () => {
    // 0.1 + 0.2 style errors would show up in the last digits.
    expect(parseQuantity('0.3 trillion')?.decimal).toBe('300000000000');
    expect(parseQuantity('9007199254740993')?.decimal).toBe('9007199254740993');
  });
});

describe('numbersIn', () => {
  it('finds figures with separators and spelled-out small numbers', () => {
    expect(numbersIn('three zones handled 27,000 flights, up 59.9%')).toEqual(['27000', '59.9', '3']);
  });
  it('does not read words that merely contain a number word', () => {
    expect(numbersIn('someone often')).toEqual([]);
  });
});

describe('fitsDecimalColumn', () => {
  it('accepts what NUMERIC(30, 6) holds and refuses more', () => {
    expect(fitsDecimalColumn('123456789012345678901234.123456')).toBe(true);
    expect(fitsDecimalColumn('1234567890123456789012345')).toBe(false);
    expect(fitsDecimalColumn('1.1234567')).toBe(false);
  });
});
