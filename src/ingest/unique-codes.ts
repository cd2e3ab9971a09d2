// Unique attributes (an airport's IATA and ICAO codes): a file may not give
// one code to two entities, nor give an entity a code another one holds.
import { KIND_MODELS, modelField } from '../domain/kind-models.ts';
import { lowerFirst } from '../domain/kinds.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { attributesOf } from './attributes.ts';
import type { EntityInput } from './knowledge-format.ts';
import type { Problem } from './plan.ts';

/** Unique attributes of each kind, from the data model. */
const UNIQUE_ATTRIBUTES = KIND_MODELS.flatMap((m) => {
  const fields = m.attributes.filter((a) => a.attribute.type !== 'reference' && modelField(m.model, a.field)?.isUnique).map((a) => a.field);
  return fields.length ? [{ kind: m.kind, delegate: lowerFirst(m.model), fields }] : [];
});

type Holder = Record<string, unknown> & { entity: { slug: string } };

export async function codesTakenElsewhere(tx: Prisma.TransactionClient, entities: EntityInput[]): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const { kind, delegate, fields } of UNIQUE_ATTRIBUTES) {
    const claimed = new Map<string, string>();
    const wanted: Array<{ field: string; code: string; slug: string; path: string }> = [];
    entities.forEach((e, i) => {
      if (e.kind !== kind) return;
      for (const field of fields) {
        const code = attributesOf(e)[field];
        if (!code) continue;
        const path = `entities[${i}].attributes.${field}`;
        const other = claimed.get(`${field}:${code}`);
        if (other) problems.push({ path, message: `${code} is also given to "${other}" in this file` });
        claimed.set(`${field}:${code}`, e.slug);
        wanted.push({ field, code, slug: e.slug, path });
      }
    });
    if (wanted.length === 0) continue;
    const codes = wanted.map((w) => w.code);
    const holders: Holder[] = await (tx as unknown as Record<string, { findMany(args: object): Promise<Holder[]> }>)[delegate]!.findMany({
      where: { OR: fields.map((f) => ({ [f]: { in: codes } })) },
      select: { ...Object.fromEntries(fields.map((f) => [f, true])), entity: { select: { slug: true } } },
    });
    for (const w of wanted) {
      const holder = holders.find((h) => h[w.field] === w.code && h.entity.slug !== w.slug);
      if (holder) problems.push({ path: w.path, message: `${w.code} is already the code of "${holder.entity.slug}"` });
    }
  }
  return problems;
}
