// The passages a source's facts quote (one evidence row per distinct span of
// its text) and the entity mentions they hold. Passages no longer quoted are
// returned, to be deleted once the facts are written (a retracted fact may
// still quote one).
import type { Prisma } from '../generated/prisma/client.ts';
import type { IngestPlan } from './plan.ts';
import { inBatches } from './rows.ts';
import type { Tallied, Tally } from './tally.ts';

type Tx = Prisma.TransactionClient;

export interface WrittenEvidence {
  /** The evidence row of a quoted span. */
  evidenceId: (q: { start: number; end: number }) => number;
  /** Rows of passages the file no longer quotes. */
  staleEvidence: number[];
}

export async function writeEvidence(
  tx: Tx,
  plan: IngestPlan,
  sourceId: number,
  id: (slug: string) => number,
  tally: Record<Tallied, Tally>,
): Promise<WrittenEvidence> {
  // Evidence: one row per distinct passage of this source.
  const quotes = new Map<string, { quote: string; start: number; end: number }>();
  const at = (q: { start: number; end: number }) => `${q.start}:${q.end}`;
  for (const e of plan.entities) for (const m of e.mentions) quotes.set(at(m), m);
  for (const r of plan.relations) quotes.set(at(r.evidence), r.evidence);
  for (const o of plan.observations) quotes.set(at(o.evidence), o.evidence);
  const oldEvidence = await tx.evidence.findMany({ where: { sourceId } });
  const evidenceIds = new Map<string, number>();
  const staleEvidence: number[] = [];
  for (const ev of oldEvidence) {
    const wanted = quotes.get(at({ start: ev.startOffset, end: ev.endOffset }));
    if (!wanted) staleEvidence.push(ev.id);
    else {
      evidenceIds.set(at(wanted), ev.id);
      if (wanted.quote === ev.quote) tally.evidence.unchanged++;
      else {
        await tx.evidence.update({ where: { id: ev.id }, data: { quote: wanted.quote } });
        tally.evidence.updated++;
      }
    }
  }
  const newQuotes = [...quotes.values()].filter((q) => !evidenceIds.has(at(q)));
  await inBatches(newQuotes, async (batch) => {
    const rows = await tx.evidence.createManyAndReturn({
      data: batch.map((q) => ({ sourceId, quote: q.quote, startOffset: q.start, endOffset: q.end })),
      select: { id: true, startOffset: true, endOffset: true },
    });
    for (const r of rows) evidenceIds.set(at({ start: r.startOffset, end: r.endOffset }), r.id);
  });
  tally.evidence.created += newQuotes.length;
  const evidenceId = (q: { start: number; end: number }) => evidenceIds.get(at(q))!;

  // Mentions.
  const wantedMentions = new Set(plan.entities.flatMap((e) => e.mentions.map((m) => `${id(e.input.slug)}:${evidenceId(m)}`)));
  const oldMentions = await tx.entityMention.findMany({ where: { evidence: { sourceId } } });
  const staleMentions = oldMentions.filter((m) => !wantedMentions.has(`${m.entityId}:${m.evidenceId}`));
  for (const m of oldMentions) wantedMentions.delete(`${m.entityId}:${m.evidenceId}`);
  tally.mentions.unchanged += oldMentions.length - staleMentions.length;
  const newMentions = [...wantedMentions].map((k) => {
    const [entityId, evId] = k.split(':').map(Number);
    return { entityId: entityId!, evidenceId: evId! };
  });
  await inBatches(newMentions, (batch) => tx.entityMention.createMany({ data: batch }));
  tally.mentions.created += newMentions.length;
  await inBatches(staleMentions, (batch) =>
    tx.entityMention.deleteMany({ where: { OR: batch.map((m) => ({ entityId: m.entityId, evidenceId: m.evidenceId })) } }),
  );
  tally.mentions.deleted += staleMentions.length;
  return { evidenceId, staleEvidence };
}
