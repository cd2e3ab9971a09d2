// The Date and DateTime scalars: graphql-scalars' RFC 3339 scalars, held to
// the years PostgreSQL's date and timestamptz columns store. RFC 3339 allows
// year 0000, which PostgreSQL does not have (1 BC precedes AD 1), so such a
// date would fail in SQL; it is refused as bad input instead.
import { GraphQLError, GraphQLScalarType } from 'graphql';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';

/** Dates the API accepts: years 0001 to 9999 (four digits, as RFC 3339 writes them). */
const FIRST_YEAR = 1;
const LAST_YEAR = 9999;

function withinYears(scalar: GraphQLScalarType): GraphQLScalarType<Date, unknown> {
  const checked = (date: Date): Date => {
    const year = date.getUTCFullYear();
    if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) {
      throw new GraphQLError(`${scalar.name} must fall between the years 0001 and 9999 (UTC), as PostgreSQL stores them.`);
    }
    return date;
  };
  return new GraphQLScalarType<Date, unknown>({
    ...scalar.toConfig(),
    description: `${scalar.description ?? ''} Years 0001 to 9999.`.trim(),
    parseValue: (value) => checked(scalar.parseValue(value) as Date),
    parseLiteral: (ast, variables) => checked(scalar.parseLiteral(ast, variables) as Date),
  });
}

export const DateScalar = withinYears(DateResolver);
export const DateTimeScalar = withinYears(DateTimeResolver);
