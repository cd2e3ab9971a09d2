-- Ownership of definitions: an entity or metric belongs to the source whose
-- knowledge file defined it. Other sources may mention it and add facts about
-- it; only the defining source's file changes its kind, name, aliases,
-- description, attributes or unit kind (src/ingest/ownership.ts). NULL once
-- the defining source is deleted: the next file that defines it claims it.

-- AlterTable
ALTER TABLE "entity" ADD COLUMN "defined_by_source_id" INTEGER;
ALTER TABLE "metric" ADD COLUMN "defined_by_source_id" INTEGER;

-- Definitions already in the graph belong to the first source that states
-- them: the earliest source naming the entity, or reporting on the metric.
UPDATE "entity" e SET "defined_by_source_id" = first."source_id"
FROM (
    SELECT m."entity_id", min(ev."source_id") AS "source_id"
    FROM "entity_mention" m JOIN "evidence" ev ON ev."id" = m."evidence_id"
    GROUP BY m."entity_id"
) first
WHERE first."entity_id" = e."id";

UPDATE "metric" m SET "defined_by_source_id" = first."source_id"
FROM (SELECT "metric_id", min("source_id") AS "source_id" FROM "observation" GROUP BY "metric_id") first
WHERE first."metric_id" = m."id";

-- CreateIndex
CREATE INDEX "entity_defined_by_source_id_idx" ON "entity"("defined_by_source_id");
CREATE INDEX "metric_defined_by_source_id_idx" ON "metric"("defined_by_source_id");

-- AddForeignKey
ALTER TABLE "entity" ADD CONSTRAINT "entity_defined_by_source_id_fkey" FOREIGN KEY ("defined_by_source_id") REFERENCES "source"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "metric" ADD CONSTRAINT "metric_defined_by_source_id_fkey" FOREIGN KEY ("defined_by_source_id") REFERENCES "source"("id") ON DELETE SET NULL ON UPDATE CASCADE;
