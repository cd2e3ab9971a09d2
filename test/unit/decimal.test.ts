// The Decimal scalar prints every value the NUMERIC(30, 6) columns hold (and
// the aggregates over them) in plain digits, never in exponent notation, and
// takes only inputs it can compare exactly without troubling PostgreSQL.
import { describe, expect, it } from 'vitest';
import { Prisma } from '../../src/generated/prisma/client.ts';
import { plainDecimal } from '../../src/domain/decimal.ts';
import { DecimalScalar } from '../../src/schema/scalars.ts';

describe('Decimal output', () => {
  it.each([
    ['1e+21', '1000000000000000000000'],
    ['999999999999999999999999.999999', '999999999999999999999999.999999'],
    ['-999999999999999999999999.999999', '-999999999999999999999999.999999'],
    ['0.000001', '0.000001'],
    ['1e-6', '0.000001'],
    ['2070000000000', '2070000000000'],
    ['0', '0'],
  ])('prints the Prisma Decimal %s as %s', (value, printed) => {
    expect(DecimalScalar.serialize(new Prisma.Decimal(value))).toBe(printed);
  });

  it('prints strings and numbers in exponent notation as plain digits', () => {
    expect(DecimalScalar.serialize('1e+21')).toBe('1000000000000000000000');
    expect(DecimalScalar.serialize(1e21)).toBe('1000000000000000000000');
    expect(DecimalScalar.serialize('73.33')).toBe('73.33');
    expect(DecimalScalar.serialize(12n)).toBe('12');
  });

  it('refuses what is not a finite number', () => {
    for (const bad of ['abc', Number.NaN, Number.POSITIVE_INFINITY, new Prisma.Decimal(Number.NaN), '1e+999999999']) {
      expect(() => DecimalScalar.serialize(bad)).toThrow(/Decimal cannot represent/);
    }
  });
});

describe('Decimal input', () => {
  it('takes up to 64 digits before the decimal point and 32 after', () => {
    const widest = `-${'9'.repeat(64)}.${'1'.repeat(32)}`;
    expect(DecimalScalar.parseValue(widest)).toBe(widest);
    expect(DecimalScalar.parseValue(' 73.33 ')).toBe('73.33');
  });

  it.each([
    ['33 fractional digits', `0.${'1'.repeat(33)}`, /at most 64 digits before the decimal point and 32 after; this one has 1 and 33/],
    ['16,384 fractional digits', `0.${'1'.repeat(16_384)}`, /at most 64 digits before the decimal point and 32 after/],
    ['65 whole digits', '1'.repeat(65), /at most 64 digits before the decimal point and 32 after/],
    ['exponent notation', '1e21', /A Decimal is a string of digits/],
    ['an empty string', '', /A Decimal is a string of digits/],
  ])('refuses %s', (_name, value, message) => {
    expect(() => DecimalScalar.parseValue(value)).toThrow(message);
  });
});

describe('plainDecimal', () => {
  it.each([
    ['9.99999999999999999999999999999e+23', '999999999999999999999999.999999'],
    ['1.5e-7', '0.00000015'],
    ['-2.5E+3', '-2500'],
    ['-0e+5', '0'],
    ['123.45', '123.45'],
  ])('writes %s as %s', (text, plain) => {
    expect(plainDecimal(text)).toBe(plain);
  });

  it.each(['NaN', 'Infinity', '1e+1001', '1e', '', '0x10'])('refuses %j', (text) => {
    expect(plainDecimal(text)).toBeNull();
  });
});
