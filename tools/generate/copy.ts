// The bulk path into the graph: every generated knowledge file passes the
// ingest's own checks (the zod format, then planIngest: references, kinds,
// predicates, quotes located in the text, exact figures, units, periods), its
// plan becomes rows exactly as the ingest maps them, and the rows go to
// PostgreSQL with COPY in one transaction. The database's constraints and
// triggers stay on: foreign keys and CHECKs are checked as rows arrive, and
// the deferred trigger checks every quote against its source at COMMIT. A
// failure anywhere rolls everything back.
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { isoDate } from '../../src/domain/period.ts';
import { KIND_MODELS } from '../../src/domain/kind-models.ts';
import { attributeRow } from '../../src/ingest/attributes.ts';
import { INGEST_LOCK } from '../../src/ingest/load.ts';
import { columnOf, type Model, relatedModel, TABLES as MODEL_TABLES } from '../../src/sql/columns.ts';
import { planIngest, referencedSlugs } from '../../src/ingest/plan.ts';
import { IngestError, parseKnowledgeFile } from '../../src/ingest/read.ts';
import { canonDecimal } from '../../src/ingest/rows.ts';
import type { SyntheticGraph } from './graph.ts';

type Value = string | number | Date | string[] | null | undefined;

/** The attribute table of each kind and its columns, from the column map. */
const ATTRIBUTE_TABLES = Object.fromEntries(
  KIND_MODELS.map((m) => [MODEL_TABLES[m.model as Model], ['entity_id', ...m.attributes.map((a) => columnOf(m.model as Model, a.field))]]),
) as Record<string, readonly string[]>;

/** The tables COPY fills, in an order that satisfies every foreign key, with their columns. */
const CORE_TABLES = {
  source: ['id', 'slug', 'title', 'publisher', 'published_on', 'editors', 'language', 'url', 'text', 'text_sha256'],
  metric: ['id', 'slug', 'name', 'description', 'unit_kind', 'defined_by_source_id'],
  evidence: ['id', 'source_id', 'quote', 'start_offset', 'end_offset'],
  entity: ['id', 'kind', 'slug', 'name', 'aliases', 'description', 'defined_by_source_id'],
  entity_mention: ['entity_id', 'evidence_id'],
  relation: ['id', 'subject_id', 'predicate', 'object_id', 'role', 'valid_from', 'valid_to', 'basis', 'note', 'evidence_id', 'source_id'],
  observation: [
    'id', 'metric_id', 'subject_id', 'scope_id', 'stated_by_id', 'value', 'unit', 'period_start', 'period_end', 'period_label',
    'change_basis', 'change_value', 'change_unit', 'change_benchmark', 'note', 'evidence_id', 'source_id',
  ],
} as const;

type CoreTable = keyof typeof CORE_TABLES;
export type Table = CoreTable | (string & {});

const { source, metric, evidence, entity, ...AFTER_ENTITY } = CORE_TABLES;
export const TABLES: Record<CoreTable, readonly string[]> & Record<string, readonly string[]> = {
  source, metric, evidence, entity, ...ATTRIBUTE_TABLES, ...AFTER_ENTITY,
};

const SERIAL_TABLES = ['metric', 'source', 'evidence', 'entity', 'relation', 'observation'] as const;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeCopy = (s: string) => s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);
const arrayLiteral = (items: string[]) => `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** One value in COPY's text format. */
function copyValue(v: Value): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return isoDate(v);
  if (Array.isArray(v)) return escapeCopy(arrayLiteral(v));
  return typeof v === 'number' ? String(v) : escapeCopy(v);
}

/** A table's rows in COPY text format, buffered into a file. */
class TableFile {
  rows = 0;
  private chunks: string[] = [];
  private buffered = 0;
  private readonly fd: number;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w');
  }

  add(values: Value[]) {
    const line = `${values.map(copyValue).join('\t')}\n`;
    this.chunks.push(line);
    this.buffered += line.length;
    this.rows++;
    if (this.buffered > 1 << 22) this.flush();
  }

  flush() {
    if (this.chunks.length) writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.buffered = 0;
  }

  close() {
    this.flush();
    closeSync(this.fd);
  }
}

export type Counts = Record<CoreTable, number> & Record<string, number>;

export interface GeneratedFiles {
  dir: string;
  counts: Counts;
  sources: number;
  ms: number;
}

export type Progress = (line: string) => void;

/**
 * Generates, validates and writes the graph as one COPY file per table.
 * Throws an IngestError naming the file and place if a generated file fails
 * a check (a generator bug: nothing has been written to the database yet).
 */
export function writeGraphFiles(graph: SyntheticGraph, dir: string, progress: Progress = () => undefined): GeneratedFiles {
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  const files = Object.fromEntries(
    Object.keys(TABLES).map((t) => [t, new TableFile(path.join(dir, `${t}.tsv`))]),
  ) as Record<CoreTable, TableFile> & Record<string, TableFile>;
  const definedEntities = new Uint8Array(graph.entities.length + 1);
  const metricIds = new Map<string, number>();
  const metricUnitKinds = new Map<string, never>();
  let evidenceId = 0;
  let relationId = 0;
  let observationId = 0;
  let sources = 0;
  let lastReport = Date.now();

  try {
    for (const generated of graph.sources()) {
      const shownAs = generated.file.source.textFile.replace(/\.txt$/, '.knowledge.json');
      // The same checks as `npm run ingest`: the file format, then the plan against the graph so far.
      const file = parseKnowledgeFile(generated.file, shownAs);
      const refs = referencedSlugs(file);
      const entityKinds = new Map<string, never>();
      for (const slug of refs.entities) {
        const id = graph.idOf(slug);
        if (id && definedEntities[id]) entityKinds.set(slug, graph.kindOf(slug) as never);
      }
      const planned = planIngest(file, generated.text, { entityKinds, metricUnitKinds });
      if (!planned.ok) throw new IngestError(shownAs, planned.problems);
      const plan = planned.plan;

      const sourceId = generated.index + 1;
      const s = file.source;
      files.source.add([
        sourceId, s.slug, s.title, s.publisher ?? null, s.publishedOn, s.editors, s.language, s.url ?? null,
        generated.text, createHash('sha256').update(generated.text, 'utf8').digest('hex'),
      ]);
      for (const m of file.metrics) {
        const id = metricIds.size + 1;
        metricIds.set(m.slug, id);
        metricUnitKinds.set(m.slug, m.unitKind as never);
        files.metric.add([id, m.slug, m.name, m.description ?? null, m.unitKind, sourceId]);
      }

      // One evidence row per distinct passage of the source, as the ingest keeps them.
      const passages = new Map<string, number>();
      const evidence = (q: { quote: string; start: number; end: number }) => {
        const key = `${q.start}:${q.end}`;
        let id = passages.get(key);
        if (id === undefined) {
          id = ++evidenceId;
          passages.set(key, id);
          files.evidence.add([id, sourceId, q.quote, q.start, q.end]);
        }
        return id;
      };
      const id = (slug: string) => graph.idOf(slug);

      for (const e of plan.entities) {
        const input = e.input;
        const entityId = id(input.slug);
        definedEntities[entityId] = 1;
        // The first source that uses an entity defines it (later ones only refer to it), as the ingest records.
        files.entity.add([entityId, input.kind, input.slug, input.name, input.aliases, input.description ?? null, sourceId]);
        const attributes = attributeRow(input, id);
        if (attributes) {
          // The attribute table and its columns, from the column map.
          const model = relatedModel('Entity', attributes.relation);
          const table = MODEL_TABLES[model] as Table;
          const columns: readonly string[] = TABLES[table]!;
          const byColumn = new Map<string, Value>(
            Object.entries(attributes.row).map(([field, v]) => {
              const column = columnOf(model, field);
              if (!columns?.includes(column)) throw new Error(`no column for ${attributes.relation}.${field}`);
              return [column, v as Value];
            }),
          );
          files[table]!.add(columns.map((c) => (c === 'entity_id' ? entityId : byColumn.get(c))));
        }
        for (const m of e.mentions) files.entity_mention.add([entityId, evidence(m)]);
      }
      for (const r of plan.relations) {
        files.relation.add([
          ++relationId, id(r.subject), r.predicate, id(r.object), r.role, r.validFrom, r.validTo, r.basis, r.note,
          evidence(r.evidence), sourceId,
        ]);
      }
      for (const o of plan.observations) {
        files.observation.add([
          ++observationId, metricIds.get(o.metric)!, id(o.subject), o.scope ? id(o.scope) : null, o.statedBy ? id(o.statedBy) : null,
          canonDecimal(o.value), o.unit, o.periodStart, o.periodEnd, o.periodLabel,
          o.change?.basis ?? null, o.change ? canonDecimal(o.change.value) : null, o.change?.unit ?? null, o.change?.benchmark ?? null,
          o.note, evidence(o.evidence), sourceId,
        ]);
      }
      sources++;
      if (Date.now() - lastReport > 2_000) {
        lastReport = Date.now();
        const facts = files.entity.rows + relationId + observationId;
        progress(
          `  generated and checked ${sources.toLocaleString('en-US')} of ${graph.sourceCount.toLocaleString('en-US')} sources: ` +
            `${facts.toLocaleString('en-US')} facts (${rate(facts, Date.now() - started)} facts/s)`,
        );
      }
    }
  } finally {
    for (const f of Object.values(files)) f.close();
  }
  const counts = Object.fromEntries(Object.entries(files).map(([t, f]) => [t, f.rows])) as Counts;
  return { dir, counts, sources, ms: Date.now() - started };
}

export const rate = (n: number, ms: number) => Math.round(n / Math.max(ms / 1000, 0.001)).toLocaleString('en-US');

export class GraphNotEmptyError extends Error {}

export interface LoadReport {
  copyMs: number;
  commitMs: number;
}

/**
 * COPYs the files into the graph in one transaction. The graph must be empty,
 * unless `replace` (then it is emptied in the same transaction, so a failure
 * keeps the old graph).
 */
export async function loadGraphFiles(
  client: pg.Client,
  files: GeneratedFiles,
  options: { replace?: boolean; progress?: Progress } = {},
): Promise<LoadReport> {
  const progress = options.progress ?? (() => undefined);
  const started = Date.now();
  await client.query('BEGIN');
  try {
    // A million rows take longer than a server's usual statement timeout.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SET LOCAL idle_in_transaction_session_timeout = 0');
    // The ingest's lock: no knowledge file is ingested while the graph is loaded.
    await client.query('SELECT pg_advisory_xact_lock($1)', [INGEST_LOCK]);
    if (options.replace) {
      await client.query(`TRUNCATE ${Object.keys(TABLES).map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
    } else {
      const { rows } = await client.query<{ taken: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM entity) OR EXISTS (SELECT 1 FROM source) OR EXISTS (SELECT 1 FROM metric) AS taken`,
      );
      if (rows[0]?.taken) {
        throw new GraphNotEmptyError('the database already holds a graph; pass --replace to replace it (in the same transaction)');
      }
    }
    for (const table of Object.keys(TABLES)) {
      const rows = files.counts[table] ?? 0;
      if (rows === 0) continue;
      const file = path.join(files.dir, `${table}.tsv`);
      const bytes = statSync(file).size;
      const tableStarted = Date.now();
      let sent = 0;
      let shown = Date.now();
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          sent += chunk.length;
          if (Date.now() - shown > 2_000) {
            shown = Date.now();
            progress(`  COPY ${table}: ${Math.round((100 * sent) / bytes)}%`);
          }
          done(null, chunk);
        },
      });
      const columns = TABLES[table]!.map((c) => `"${c}"`).join(', ');
      await pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), meter, client.query(copyFrom(`COPY "${table}" (${columns}) FROM STDIN`)));
      const ms = Date.now() - tableStarted;
      progress(`  COPY ${table}: ${rows.toLocaleString('en-US')} rows in ${(ms / 1000).toFixed(1)} s (${rate(rows, ms)} rows/s)`);
    }
    for (const table of SERIAL_TABLES) {
      await client.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), GREATEST((SELECT max(id) FROM "${table}"), 1))`);
    }
    const copyMs = Date.now() - started;
    progress(`  COMMIT: the deferred trigger checks each of ${files.counts.evidence.toLocaleString('en-US')} quotes against its source text`);
    const commitStarted = Date.now();
    await client.query('COMMIT');
    return { copyMs, commitMs: Date.now() - commitStarted };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
