// The fixed query mix, each as tradegraph asks it, as PostGraphile v5 asks
// for the same data (where it has an equivalent), and as the floor: the
// fewest hand-written SQL statements that fetch the same rows through pg.
// The same parameters (slugs, cursors) go to all three.
import type pg from 'pg';

export interface BenchParams {
  /** Q1: a customs office (not the top hub). */
  officeSlug: string;
  /** Q2: the row past which the deep page starts (row 90,000 in name order, or as deep as the graph goes). */
  deepRow: number;
  deepName: string;
  deepId: number;
  /** PostGraphile's own cursor for that row. */
  postgraphileDeepCursor?: string;
  /** Q3: a customs office that supervises many places. */
  supervisorSlug: string;
  /** Q4: an entity with many outgoing relations, whose neighbours have them too. */
  walkSlug: string;
  /** Q5: a common word of entity names. */
  searchTerm: string;
  /** Q6: a hub entity, and two entities four hops apart. */
  hubSlug: string;
  pathFrom: string;
  pathTo: string;
}

export interface GraphQLRequest {
  query: string;
  variables: Record<string, unknown>;
}

export interface BenchQuery {
  id: string;
  title: string;
  /**
   * Nesting depth: the levels of the answer that come from different rows (a
   * to-one or 1:1 row beside its parent counts with it). The target allows
   * tradegraph at most this many SQL statements.
   */
  depth: number;
  /** Seconds per request even alone: measured at fewer connections for longer (bench/src/run.ts). */
  slow?: boolean;
  /** In the p95 < 50 ms and throughput targets (queries 1-4). */
  core: boolean;
  /** In the p95 < 100 ms traversal target. */
  traversal?: boolean;
  tradegraph: GraphQLRequest;
  postgraphile?: GraphQLRequest;
  /** The floor: the same rows in as few statements as SQL allows. */
  floor: (pool: pg.Pool) => Promise<unknown>;
}

export const tradegraphCursor = (name: string, id: number) =>
  Buffer.from(JSON.stringify(['entity-name-asc', name, id]), 'utf8').toString('base64url');

const rows = async (pool: pg.Pool, text: string, values: unknown[]) => (await pool.query(text, values)).rows;

export function benchQueries(p: BenchParams): BenchQuery[] {
  const page = (after: boolean): Pick<BenchQuery, 'tradegraph' | 'postgraphile' | 'floor'> => ({
    tradegraph: {
      query: `query Page($after: String) { entities(first: 20, after: $after) {
        edges { cursor node { slug name kind } } pageInfo { hasNextPage endCursor } } }`,
      variables: { after: after ? tradegraphCursor(p.deepName, p.deepId) : null },
    },
    postgraphile: p.postgraphileDeepCursor || !after
      ? {
          query: `query Page($after: Cursor) { allEntities(first: 20, after: $after, orderBy: [NAME_ASC, ROW_ID_ASC]) {
            edges { cursor node { slug name kind } } pageInfo { hasNextPage endCursor } } }`,
          variables: { after: after ? p.postgraphileDeepCursor : null },
        }
      : undefined,
    floor: (pool) =>
      after
        ? rows(pool, `SELECT id, slug, name, kind FROM entity WHERE (name, id) > ($1, $2) ORDER BY name, id LIMIT 21`, [p.deepName, p.deepId])
        : rows(pool, `SELECT id, slug, name, kind FROM entity ORDER BY name, id LIMIT 21`, []),
  });

  return [
    {
      id: 'Q1',
      title: 'one entity by slug with its attributes',
      depth: 1,
      core: true,
      tradegraph: {
        query: `query One($slug: String!) { entity(slug: $slug) { id slug name kind aliases description createdAt
          ... on CustomsOffice { level customsCode } } }`,
        variables: { slug: p.officeSlug },
      },
      postgraphile: {
        query: `query One($slug: String!) { allEntities(condition: { slug: $slug }, first: 1) { nodes { id slug name kind aliases description createdAt
          customsOfficeByEntityId { level customsCode } } } }`,
        variables: { slug: p.officeSlug },
      },
      floor: (pool) =>
        rows(
          pool,
          `SELECT e.id, e.slug, e.name, e.kind, e.aliases, e.description, e.created_at, c.level, c.customs_code
           FROM entity e LEFT JOIN customs_office c ON c.entity_id = e.id WHERE e.slug = $1`,
          [p.officeSlug],
        ),
    },
    { id: 'Q2a', title: 'root connection, page 1 (first 20)', depth: 1, core: true, ...page(false) },
    { id: 'Q2b', title: `root connection, first 20 after row ${p.deepRow.toLocaleString('en-US')}`, depth: 1, core: true, ...page(true) },
    {
      id: 'Q3',
      title: 'office -> supervised places -> observations with evidence',
      depth: 3,
      core: true,
      tradegraph: {
        query: `query Nested3($slug: String!) { entity(slug: $slug) { slug name ... on CustomsOffice {
          supervises(first: 20) { edges { node { slug name ... on BondedZone { zoneType }
            observations(first: 10) { edges { node { value unit period { label } change { value unit } metric { slug }
              evidence { quote startOffset endOffset } } } } } } } } } }`,
        variables: { slug: p.supervisorSlug },
      },
      postgraphile: {
        query: `query Nested3($slug: String!) { allEntities(condition: { slug: $slug }, first: 1) { nodes { slug name
          relationsBySubjectId(condition: { predicate: SUPERVISES }, first: 20, orderBy: ROW_ID_ASC) { nodes {
            entityByObjectId { slug name bondedZoneByEntityId { zoneType }
              observationsBySubjectId(first: 10, orderBy: [PERIOD_START_DESC, ROW_ID_DESC]) { nodes {
                value unit periodLabel changeValue changeUnit metricByMetricId { slug }
                evidenceByEvidenceIdAndSourceId { quote startOffset endOffset } } } } } } } } }`,
        variables: { slug: p.supervisorSlug },
      },
      floor: (pool) =>
        rows(
          pool,
          `SELECT e.slug, e.name, (
             SELECT json_agg(z) FROM (
               SELECT o.slug, o.name, bz.zone_type, (
                 SELECT json_agg(x) FROM (
                   SELECT ob.value, ob.unit, ob.period_label, ob.change_value, ob.change_unit, m.slug AS metric,
                          ev.quote, ev.start_offset, ev.end_offset
                   FROM observation ob JOIN metric m ON m.id = ob.metric_id JOIN evidence ev ON ev.id = ob.evidence_id
                   WHERE ob.subject_id = o.id ORDER BY ob.period_start DESC, ob.id DESC LIMIT 10) x) AS observations
               FROM relation r JOIN entity o ON o.id = r.object_id LEFT JOIN bonded_zone bz ON bz.entity_id = o.id
               WHERE r.subject_id = e.id AND r.predicate = 'SUPERVISES' ORDER BY r.id LIMIT 20) z) AS supervises
           FROM entity e WHERE e.slug = $1`,
          [p.supervisorSlug],
        ),
    },
    {
      id: 'Q4',
      title: 'four levels over relations (10 x 10 x 5 outgoing)',
      depth: 4,
      core: true,
      tradegraph: {
        query: `query Nested4($slug: String!) { entity(slug: $slug) { slug name
          relations(first: 10, direction: OUTGOING) { edges { predicate node { slug name
            relations(first: 10, direction: OUTGOING) { edges { predicate node { slug name
              relations(first: 5, direction: OUTGOING) { edges { predicate node { slug name kind } } } } } } } } } } }`,
        variables: { slug: p.walkSlug },
      },
      postgraphile: {
        query: `query Nested4($slug: String!) { allEntities(condition: { slug: $slug }, first: 1) { nodes { slug name
          relationsBySubjectId(first: 10, orderBy: ROW_ID_ASC) { nodes { predicate entityByObjectId { slug name
            relationsBySubjectId(first: 10, orderBy: ROW_ID_ASC) { nodes { predicate entityByObjectId { slug name
              relationsBySubjectId(first: 5, orderBy: ROW_ID_ASC) { nodes { predicate entityByObjectId { slug name kind } } } } } } } } } } } }`,
        variables: { slug: p.walkSlug },
      },
      floor: (pool) =>
        rows(
          pool,
          `SELECT e.slug, e.name, (
             SELECT json_agg(a) FROM (
               SELECT r1.predicate, o1.slug, o1.name, (
                 SELECT json_agg(b) FROM (
                   SELECT r2.predicate, o2.slug, o2.name, (
                     SELECT json_agg(c) FROM (
                       SELECT r3.predicate, o3.slug, o3.name, o3.kind
                       FROM relation r3 JOIN entity o3 ON o3.id = r3.object_id
                       WHERE r3.subject_id = o2.id ORDER BY r3.id LIMIT 5) c) AS relations
                   FROM relation r2 JOIN entity o2 ON o2.id = r2.object_id
                   WHERE r2.subject_id = o1.id ORDER BY r2.id LIMIT 10) b) AS relations
               FROM relation r1 JOIN entity o1 ON o1.id = r1.object_id
               WHERE r1.subject_id = e.id ORDER BY r1.id LIMIT 10) a) AS relations
           FROM entity e WHERE e.slug = $1`,
          [p.walkSlug],
        ),
    },
    {
      id: 'Q5',
      title: `search for a common term ("${p.searchTerm}"), first 20`,
      depth: 2,
      core: false,
      tradegraph: {
        query: `query Search($q: String!) { search(query: $q, first: 20) { totalCount
          edges { score matched node { slug name kind } } } }`,
        variables: { q: p.searchTerm },
      },
      // Not the same ranking (tradegraph blends exact, substring, full-text and trigram
      // matches), but the same index-backed work a hand-written search does: full-text
      // match, rank, page and count in one statement.
      floor: (pool) =>
        rows(
          pool,
          `SELECT slug, name, kind, ts_rank(entity_search_document(name, aliases, description), q) AS score, count(*) OVER () AS total
           FROM entity, plainto_tsquery('english', $1) AS q
           WHERE entity_search_document(name, aliases, description) @@ q
           ORDER BY score DESC, id LIMIT 20`,
          [p.searchTerm],
        ),
    },
    {
      id: 'Q6a',
      title: 'neighbors at depth 2 of a hub, first 20',
      depth: 3,
      core: false,
      slow: true,
      traversal: true,
      tradegraph: {
        query: `query Near($slug: String!) { entity(slug: $slug) { slug neighbors(depth: 2, first: 20) { totalCount truncated
          edges { distance node { slug name kind } path { direction relation { id predicate } } } } } }`,
        variables: { slug: p.hubSlug },
      },
      // Every entity within two steps, nearest first, counted up to 10,000 like tradegraph's
      // neighbourhood (which stops there and says it was truncated); without the paths.
      floor: (pool) =>
        rows(
          pool,
          `WITH start AS (SELECT id FROM entity WHERE slug = $1),
           hop1 AS MATERIALIZED (SELECT DISTINCT far FROM (
               SELECT r.object_id AS far FROM relation r, start WHERE r.subject_id = start.id
               UNION ALL SELECT r.subject_id FROM relation r, start WHERE r.object_id = start.id) x),
           hop2 AS MATERIALIZED (SELECT DISTINCT far FROM (
               SELECT r.object_id AS far FROM hop1 h JOIN relation r ON r.subject_id = h.far
               UNION ALL SELECT r.subject_id FROM hop1 h JOIN relation r ON r.object_id = h.far) x
             WHERE far NOT IN (SELECT far FROM hop1) AND far <> (SELECT id FROM start) LIMIT 10000),
           near AS (SELECT far, 1 AS distance FROM hop1 UNION ALL SELECT far, 2 FROM hop2)
           SELECT e.slug, e.name, e.kind, n.distance, count(*) OVER () AS total
           FROM near n JOIN entity e ON e.id = n.far ORDER BY n.distance, n.far LIMIT 20`,
          [p.hubSlug],
        ),
    },
    {
      id: 'Q6b',
      title: 'paths between two entities four hops apart (first 5)',
      depth: 2,
      core: false,
      slow: true,
      traversal: true,
      tradegraph: {
        query: `query Paths($from: String!, $to: String!) { paths(from: $from, to: $to, maxDepth: 4, first: 5) {
          length nodes { slug name } steps { direction relation { id predicate } } } }`,
        variables: { from: p.pathFrom, to: p.pathTo },
      },
      // Meet in the middle: two steps out from each end, joined where they meet.
      floor: (pool) =>
        rows(
          pool,
          `WITH a AS (SELECT id FROM entity WHERE slug = $1), b AS (SELECT id FROM entity WHERE slug = $2),
           steps AS NOT MATERIALIZED (SELECT subject_id AS x, object_id AS y, id AS rel FROM relation UNION ALL SELECT object_id, subject_id, id FROM relation),
           a1 AS (SELECT s.y AS n1, s.rel AS r1 FROM steps s, a WHERE s.x = a.id),
           a2 AS (SELECT a1.n1, a1.r1, s.y AS mid, s.rel AS r2 FROM a1 JOIN steps s ON s.x = a1.n1),
           b1 AS (SELECT s.y AS n3, s.rel AS r4 FROM steps s, b WHERE s.x = b.id),
           b2 AS (SELECT b1.n3, b1.r4, s.y AS mid, s.rel AS r3 FROM b1 JOIN steps s ON s.x = b1.n3)
           SELECT a2.n1, a2.mid, b2.n3, a2.r1, a2.r2, b2.r3, b2.r4 FROM a2 JOIN b2 ON b2.mid = a2.mid
           WHERE a2.mid NOT IN (a2.n1, b2.n3) AND a2.n1 <> b2.n3 LIMIT 5`,
          [p.pathFrom, p.pathTo],
        ),
    },
    {
      id: 'Q7',
      title: 'observationStats grouped by metric, period (and unit) over all 1M observations',
      depth: 2,
      core: false,
      slow: true,
      tradegraph: {
        query: `{ observationStats(groupBy: [METRIC, PERIOD, UNIT], first: 500) { metric { slug } period { label } unit count sum min max average } }`,
        variables: {},
      },
      // Grouped by unit too: a currency metric holds CNY and USD values, which tradegraph refuses to
      // sum together. pg-aggregates' groupedAggregates has no page size: PostGraphile returns every
      // group (about 11,000) where tradegraph and the floor return the first 500 (tradegraph's
      // field limit, 10,000 fields a response, allows 1,000 groups of fewer fields).
      postgraphile: {
        query: `{ allObservations { groupedAggregates(groupBy: [METRIC_ID, PERIOD_START, PERIOD_END, PERIOD_LABEL, UNIT]) {
          keys distinctCount { rowId } sum { value } min { value } max { value } average { value } } } }`,
        variables: {},
      },
      floor: (pool) =>
        rows(
          pool,
          `SELECT m.slug, o.period_label, o.unit, count(*) AS count, sum(o.value) AS sum, min(o.value) AS min, max(o.value) AS max, avg(o.value) AS average
           FROM observation o JOIN metric m ON m.id = o.metric_id
           GROUP BY o.metric_id, m.slug, o.period_start, o.period_end, o.period_label, o.unit
           ORDER BY o.metric_id, o.period_start, o.period_end, o.period_label, o.unit LIMIT 500`,
          [],
        ),
    },
  ];
}
