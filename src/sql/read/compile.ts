// Compiles a read plan (plan.ts) into one SQL statement whose single value is
// the root field's whole answer as JSON, keyed by the client's response keys.
// Objects are json_build_object over their row; an entity's attributes come
// from its 1:1 tables joined beside it; to-one links and lists are scalar
// subqueries; connections are scalar subqueries over keyset-limited
// sub-selects (connection.ts). `$t` in every object names its GraphQL type:
// no response key can start with `$`, so it marks the objects this statement
// built (src/schema/compiled/ reads them without resolvers).
import { connectionJson, type EdgeContext, type ObjectCompiler, TABLE } from './connection.ts';
import { base64url, col, empty, formatted, ident, join, literal, sql, type Sql } from './fragments.ts';
import type { AttributeRef, FieldPlan, Model, ObjectPlan, OnePlan, RootPlan } from './plan.ts';

/** json_build_object takes at most 100 arguments: `$t` and 49 fields. */
const MAX_FIELDS = 49;
/** json_build_array takes at most 100 arguments. */
const MAX_ITEMS = 100;

class Compiler implements ObjectCompiler {
  private next = 0;
  /** Tables joined beside each alias (attribute tables, to-one links), in order; a link's own joins follow it. */
  private readonly joins = new Map<string, Map<string, { join: Sql; child?: string }>>();

  alias(prefix: string): string {
    return `${prefix}${++this.next}`;
  }

  joinsOf(alias: string): Sql {
    const joins = this.joins.get(alias);
    if (!joins?.size) return empty;
    return join([...joins.values()].map(({ join: j, child }) => (child ? sql`${j} ${this.joinsOf(child)}` : j)), ' ');
  }

  private addJoin(alias: string, key: string, join: Sql, child?: string) {
    let joins = this.joins.get(alias);
    if (!joins) this.joins.set(alias, (joins = new Map()));
    if (!joins.has(key)) joins.set(key, { join, child });
  }

  /** The alias of `ref`'s table joined beside the entity `alias`. */
  private attribute(alias: string, ref: AttributeRef): Sql {
    const a = `${alias}_${ref.table}`;
    this.addJoin(alias, ref.table, sql`LEFT JOIN ${ident(ref.table)} ${ident(a)} ON ${col(a, 'entity_id')} = ${col(alias, 'id')}`);
    return col(a, ref.column);
  }

  private typename(plan: ObjectPlan, alias: string): Sql {
    if (typeof plan.typename === 'string') return literal(plan.typename);
    const cases = Object.entries(plan.typename).map(([kind, name]) => sql`WHEN ${literal(kind)} THEN ${literal(name)}`);
    return sql`(CASE ${col(alias, 'kind')} ${join(cases, ' ')} END)`;
  }

  objectJson(plan: ObjectPlan, alias: string, edge?: EdgeContext): Sql {
    if (plan.fields.length > MAX_FIELDS) throw new Error(`more than ${MAX_FIELDS} fields in one object`);
    const typename = this.typename(plan, alias);
    const fields = plan.fields.map(([key, field]) => {
      const value = field.kind === 'globalId' ? base64url(sql`${typename} || ':' || ${col(alias, 'id')}`) : this.fieldJson(field, alias, plan.model, edge);
      return sql`, ${literal(key)}, ${value}`;
    });
    return sql`json_build_object('$t', ${typename}${fields.length ? join(fields, '') : empty})`;
  }

  /**
   * A row of `object.model` pointed at by `ref` (a key, so at most one), joined
   * beside the row `alias`: a join costs less than a subquery run per row.
   */
  private linked(object: ObjectPlan, ref: Sql, alias: string): Sql {
    const x = this.alias('x');
    const json = this.objectJson(object, x);
    this.addJoin(alias, x, sql`LEFT JOIN ${ident(TABLE[object.model])} ${ident(x)} ON ${col(x, 'id')} = ${ref}`, x);
    return sql`CASE WHEN ${col(x, 'id')} IS NULL THEN NULL ELSE ${json} END`;
  }

  fieldJson(field: FieldPlan, alias: string, model: Model, edge?: EdgeContext): Sql {
    switch (field.kind) {
      case 'column':
        return formatted(col(alias, field.column), field.format);
      case 'attribute':
        return formatted(this.attribute(alias, field.ref), field.format);
      case 'globalId':
        throw new Error('a global ID is built with its object');
      case 'count': {
        const t = this.alias('n');
        return sql`(SELECT count(*) FROM ${ident(field.table)} ${ident(t)} WHERE ${col(t, field.column)} = ${col(alias, 'id')})`;
      }
      case 'link':
        return this.linked(field.object, 'table' in field.via ? this.attribute(alias, field.via) : col(alias, field.via.column), alias);
      case 'list': {
        const t = this.alias('l');
        const x = this.alias('x');
        const { through, column, itemColumn } = field.list;
        const json = this.objectJson(field.object, x);
        return sql`(SELECT coalesce(json_agg(${json} ORDER BY ${col(t, itemColumn)}), '[]'::json)
          FROM ${ident(through)} ${ident(t)} JOIN ${ident(TABLE[field.object.model])} ${ident(x)} ON ${col(x, 'id')} = ${col(t, itemColumn)} ${this.joinsOf(x)}
          WHERE ${col(t, column)} = ${col(alias, 'id')})`;
      }
      case 'shape': {
        const json = this.objectJson(field.object, alias, edge);
        return field.nullUnless ? sql`CASE WHEN ${col(alias, field.nullUnless)} IS NULL THEN NULL ELSE ${json} END` : json;
      }
      case 'connection':
        return connectionJson(this, field.connection, alias);
      case 'byKind': {
        const cases = field.cases.map(
          ({ kinds, field: f }) => sql`WHEN ${col(alias, 'kind')} IN (${join(kinds.map(literal), ', ')}) THEN ${this.fieldJson(f, alias, model, edge)}`,
        );
        return sql`(CASE ${join(cases, ' ')} END)`;
      }
      case 'cursor':
        return edge!.cursor;
      case 'node':
        return this.objectJson(field.object, edge!.node);
      case 'direction':
        return edge!.direction;
    }
  }
}

/** The JSON of one row by its unique key, with the clauses that find it (no row: no JSON). */
function oneRow(c: Compiler, plan: OnePlan): Sql {
  const e = c.alias('e');
  const json = c.objectJson(plan.object, e);
  const where = Object.entries(plan.where).map(([column, value]) => sql`${col(e, column)} = ${value}`);
  return sql`SELECT ${json} AS data FROM ${ident(TABLE[plan.model])} ${ident(e)} ${c.joinsOf(e)} WHERE ${join(where, ' AND ')}`;
}

/** The statement that answers a root field: one row, one column `data`, the answer as JSON (no row: null). */
export function compileRead(plan: RootPlan): Sql {
  const c = new Compiler();
  if (plan.kind === 'connection') return sql`SELECT ${connectionJson(c, plan.connection, null)} AS data`;
  if (plan.kind === 'one') return oneRow(c, plan);
  // Each item a scalar subquery: at most one row by its key, null where there is none.
  if (!plan.items.length || plan.items.length > MAX_ITEMS) throw new Error(`not 1 to ${MAX_ITEMS} items`);
  return sql`SELECT json_build_array(${join(plan.items.map((item) => sql`(${oneRow(c, item)})`), ', ')}) AS data`;
}
