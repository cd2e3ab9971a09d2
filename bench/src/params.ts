// The benchmark's parameters (slugs, a deep row, hubs), chosen from the
// generated graph itself, for the run (run.ts) and for EXPLAIN (explain.ts).
import type pg from 'pg';
import type { BenchParams } from './queries.ts';

export /** Parameters for the mix, chosen from the graph itself. */
async function chooseParams(pool: pg.Pool): Promise<BenchParams & { pathCandidates: string[] }> {
  const one = async <T>(sql: string, values: unknown[] = []) => (await pool.query(sql, values)).rows[0] as T;
  const total = (await one<{ n: string }>('SELECT count(*) AS n FROM entity')).n;
  const deepRow = Math.min(90_000, Math.max(1, Number(total) - 25));
  const deep = await one<{ name: string; id: number }>('SELECT name, id FROM entity ORDER BY name, id OFFSET $1 LIMIT 1', [deepRow - 1]);
  const office = await one<{ slug: string }>(`SELECT slug FROM entity WHERE kind = 'CUSTOMS_OFFICE' ORDER BY id OFFSET 5 LIMIT 1`);
  // Hubs: the entities with the most edges (degree from the relation indexes).
  const supervisor = await one<{ slug: string }>(
    `SELECT e.slug FROM entity e JOIN relation r ON r.subject_id = e.id AND r.predicate = 'SUPERVISES'
     WHERE e.kind = 'CUSTOMS_OFFICE' GROUP BY e.id ORDER BY count(*) DESC LIMIT 1 OFFSET 1`,
  );
  const walk = await one<{ slug: string }>(
    `SELECT e.slug FROM entity e JOIN relation r ON r.subject_id = e.id
     WHERE e.kind = 'POLICY' GROUP BY e.id HAVING count(*) BETWEEN 20 AND 200 ORDER BY count(*) DESC, e.id LIMIT 1`,
  );
  const hub = await one<{ slug: string; id: number }>(
    `SELECT e.slug, e.id FROM entity e JOIN (SELECT subject_id AS id FROM relation UNION ALL SELECT object_id FROM relation) r ON r.id = e.id
     WHERE e.kind = 'REGION' GROUP BY e.id ORDER BY count(*) DESC LIMIT 1 OFFSET 3`,
  );
  // Candidates for two entities four hops apart: a walk of four hops out from a
  // low-degree person (the frontiers sampled); the run keeps the first that the
  // server confirms is four hops away and no closer.
  const far = await one<{ from: string; candidates: string[] }>(
    `WITH start AS (SELECT e.id FROM entity e JOIN relation r ON r.subject_id = e.id WHERE e.kind = 'PERSON'
                    GROUP BY e.id HAVING count(*) = 2 ORDER BY e.id DESC LIMIT 1),
     steps AS NOT MATERIALIZED (SELECT subject_id AS x, object_id AS y FROM relation UNION ALL SELECT object_id, subject_id FROM relation),
     hop1 AS (SELECT DISTINCT s.y AS id FROM steps s, start WHERE s.x = start.id),
     reach1 AS (SELECT id FROM hop1 UNION SELECT id FROM start),
     hop2 AS (SELECT DISTINCT s.y AS id FROM hop1 h JOIN steps s ON s.x = h.id),
     reach2 AS (SELECT id FROM hop2 UNION SELECT id FROM reach1),
     hop3 AS (SELECT DISTINCT s.y AS id FROM (SELECT id FROM hop2 EXCEPT SELECT id FROM reach1 ORDER BY 1 LIMIT 30) h JOIN steps s ON s.x = h.id),
     reach3 AS (SELECT id FROM hop3 UNION SELECT id FROM reach2),
     hop4 AS (SELECT s.y AS id FROM (SELECT id FROM hop3 EXCEPT SELECT id FROM reach2 ORDER BY 1 LIMIT 30) h JOIN steps s ON s.x = h.id)
     SELECT (SELECT slug FROM entity WHERE id = (SELECT id FROM start)) AS from,
            ARRAY(SELECT e.slug FROM entity e WHERE e.id IN (SELECT id FROM hop4 EXCEPT SELECT id FROM reach3) ORDER BY e.id LIMIT 40) AS candidates`,
  );
  return {
    officeSlug: office.slug,
    deepRow,
    deepName: deep.name,
    deepId: deep.id,
    supervisorSlug: supervisor.slug,
    walkSlug: walk.slug,
    searchTerm: 'customs',
    hubSlug: hub.slug,
    pathFrom: far.from,
    pathTo: far.candidates[0] ?? far.from,
    pathCandidates: far.candidates,
  };
}
