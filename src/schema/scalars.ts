// Scalars and global IDs: exact decimals as strings, and opaque Relay IDs
// whose malformed values are reported as bad input instead of crashing.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import {
  decimalInputProblem,
  plainDecimal,
} from '../domain/decimal.ts';
import { BadInputError } from '../domain/errors.ts';
import { LIMITS } from '../limits.ts';

/** Plain digits of an output value: a Prisma Decimal, a numeric column's text, a bigint or a number. */
function serializeDecimal(value: unknown): string {
  // Prisma's Decimal and JS numbers print themselves in exponent notation from 10^21 up.
  const text = typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'object' ? String(value) : '';
  const plain = plainDecimal(text);
  if (plain === null) throw new GraphQLError(`Decimal cannot represent ${text.slice(0, 100)}`);
  return plain;
}

/** An input as given, or a GraphQLError that GraphQL reports as bad input (variables) or invalid (literals). */
function parseDecimal(text: string): string {
  const problem = decimalInputProblem(text);
  if (problem) throw new GraphQLError(problem);
  return text;
}

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact decimal number, serialised as a string of plain digits (e.g. "2070000000000" or "73.33", never exponent notation) ' +
    `so no precision is lost to floating point. Inputs have at most ${LIMITS.decimalIntegerDigits} digits before the decimal point ` +
    `and ${LIMITS.decimalFractionDigits} after.`,
  serialize: serializeDecimal,
  parseValue: (value) => parseDecimal(typeof value === 'string' ? value.trim() : ''),
  parseLiteral: (ast) =>
    parseDecimal(ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT ? ast.value : ''),
});

export function encodeGlobalId(typename: string, id: bigint | number | string): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const decoded = /^[A-Za-z0-9_-]{1,200}={0,2}$/.test(globalId) ? Buffer.from(globalId, 'base64url').toString('utf8') : '';
  const m = /^([A-Z][A-Za-z]*):(\d{1,10})$/.exec(decoded);
  if (!m || Number(m[2]) > 2_147_483_647) {
    throw new BadInputError(`"${globalId.slice(0, 100)}" is not a tradegraph ID`, { argument: 'id' });
  }
  return { typename: m[1]!, id: m[2]! };
}
