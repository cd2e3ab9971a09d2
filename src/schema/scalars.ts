// Scalars and global IDs: exact decimals as strings, and opaque Relay IDs
// whose malformed values are reported as bad input instead of crashing.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { BadInputError } from './errors.ts';

const DECIMAL = /^-?\d+(\.\d+)?$/;

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'An exact decimal number, serialised as a string (e.g. "2070000000000" or "73.33") so no precision is lost to floating point.',
  serialize: (value) => {
    const text = typeof value === 'string' ? value : String(value);
    if (!DECIMAL.test(text)) throw new GraphQLError(`Decimal cannot represent ${text}`);
    return text;
  },
  parseValue: (value) => {
    if (typeof value !== 'string' || !DECIMAL.test(value.trim())) {
      throw new GraphQLError('A Decimal is a string of digits with an optional sign and decimal point, e.g. "73.33".');
    }
    return value.trim();
  },
  parseLiteral: (ast) => {
    if ((ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) && DECIMAL.test(ast.value)) {
      return ast.value;
    }
    throw new GraphQLError('A Decimal is a string of digits with an optional sign and decimal point, e.g. "73.33".');
  },
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
