-- Indexes for nested pages (src/schema/loaders.ts): each parent's page is cut
-- with `WHERE parent = $1 [AND predicate = ...] ORDER BY <sort key>, id LIMIT n`.
-- With the sort key in the index the page is a range scan of n + 1 entries,
-- however many edges or figures the parent has; without it PostgreSQL read and
-- sorted all of them (about 3,000 relations of a hub office, 800 figures of a
-- busy zone) for every page. Non-unique, so schema.prisma is unaffected.

-- Typed walks (supervises, policies, ...): one predicate, in relation id order.
CREATE INDEX "relation_subject_id_predicate_id_idx" ON "relation"("subject_id", "predicate", "id");
CREATE INDEX "relation_object_id_predicate_id_idx" ON "relation"("object_id", "predicate", "id");
-- Generic walks (relations without predicates), in relation id order.
CREATE INDEX "relation_subject_id_id_idx" ON "relation"("subject_id", "id");
CREATE INDEX "relation_object_id_id_idx" ON "relation"("object_id", "id");

-- Observations of an entity, a metric or a source, newest period first (the default order).
CREATE INDEX "observation_subject_id_period_start_id_idx" ON "observation"("subject_id", "period_start", "id");
CREATE INDEX "observation_metric_id_period_start_id_idx" ON "observation"("metric_id", "period_start", "id");
CREATE INDEX "observation_source_id_period_start_id_idx" ON "observation"("source_id", "period_start", "id");
