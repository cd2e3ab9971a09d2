-- { bondedZones(first: 3) { nodes { name supervisedBy(first: 2) { edges { predicate node { name } evidence { quote } } totalCount } relations(first: 2, direction: OUTGOING) { nodes { name } } } } }
-- 5 statement(s), sorted

SELECT "t0"."id", "t0"."kind"::text, "t0"."slug", "t0"."name", "t0"."aliases", "t0"."description", "t0"."defined_by_source_id" AS "definedBySourceId", "t0"."created_at" AS "createdAt", "t0"."updated_at" AS "updatedAt" FROM "public"."entity" AS "t0" WHERE "t0"."kind" = CAST($1::text AS "public"."entity_kind") ORDER BY "t0"."name" ASC, "t0"."id" ASC LIMIT $2
;

SELECT "t0"."id", "t0"."subject_id" AS "subjectId", "t0"."predicate"::text, "t0"."object_id" AS "objectId", "t0"."role", "t0"."valid_from" AS "validFrom", "t0"."valid_to" AS "validTo", "t0"."basis"::text, "t0"."note", "t0"."evidence_id" AS "evidenceId", "t0"."source_id" AS "sourceId", "t0"."created_at" AS "createdAt", "Relation_object"."__prisma_data__" AS "object" FROM "public"."relation" AS "t0" LEFT JOIN LATERAL (SELECT JSONB_BUILD_OBJECT('id', "t1"."id", 'kind', "t1"."kind", 'slug', "t1"."slug", 'name', "t1"."name", 'aliases', "t1"."aliases", 'description', "t1"."description", 'definedBySourceId', "t1"."defined_by_source_id", 'createdAt', "t1"."created_at", 'updatedAt', "t1"."updated_at") AS "__prisma_data__" FROM "public"."entity" AS "t1" WHERE "t0"."object_id" = "t1"."id" LIMIT $1) AS "Relation_object" ON true WHERE "t0"."id" IN ($2,$3,$4)
;

SELECT "t0"."id", "t0"."subject_id" AS "subjectId", "t0"."predicate"::text, "t0"."object_id" AS "objectId", "t0"."role", "t0"."valid_from" AS "validFrom", "t0"."valid_to" AS "validTo", "t0"."basis"::text, "t0"."note", "t0"."evidence_id" AS "evidenceId", "t0"."source_id" AS "sourceId", "t0"."created_at" AS "createdAt", "Relation_subject"."__prisma_data__" AS "subject", "Relation_evidence"."__prisma_data__" AS "evidence" FROM "public"."relation" AS "t0" LEFT JOIN LATERAL (SELECT JSONB_BUILD_OBJECT('id', "t1"."id", 'kind', "t1"."kind", 'slug', "t1"."slug", 'name', "t1"."name", 'aliases', "t1"."aliases", 'description', "t1"."description", 'definedBySourceId', "t1"."defined_by_source_id", 'createdAt', "t1"."created_at", 'updatedAt', "t1"."updated_at") AS "__prisma_data__" FROM "public"."entity" AS "t1" WHERE "t0"."subject_id" = "t1"."id" LIMIT $1) AS "Relation_subject" ON true LEFT JOIN LATERAL (SELECT JSONB_BUILD_OBJECT('id', "t2"."id", 'sourceId', "t2"."source_id", 'quote', "t2"."quote", 'startOffset', "t2"."start_offset", 'endOffset', "t2"."end_offset") AS "__prisma_data__" FROM "public"."evidence" AS "t2" WHERE ("t0"."evidence_id" = "t2"."id" AND "t0"."source_id" = "t2"."source_id") LIMIT $2) AS "Relation_evidence" ON true WHERE "t0"."id" IN ($3,$4,$5)
;

SELECT p.parent, w.id, w.side
FROM unnest($1::int[]) AS p(parent)
LEFT JOIN LATERAL (SELECT r.id, $2::text AS side FROM relation r WHERE r.subject_id = p.parent ORDER BY r.id ASC LIMIT $3) AS w ON true
;

SELECT p.parent, w.id, w.side, c.total
FROM unnest($1::int[]) AS p(parent)
LEFT JOIN LATERAL (SELECT r.id, $2::text AS side FROM relation r WHERE r.object_id = p.parent AND r.predicate = ANY($3::predicate[]) AND EXISTS (SELECT 1 FROM entity f WHERE f.id = r.subject_id AND f.kind = ANY($4::entity_kind[])) ORDER BY r.id ASC LIMIT $5) AS w ON true
LEFT JOIN LATERAL (SELECT count(*) AS total FROM relation r WHERE r.object_id = p.parent AND r.predicate = ANY($6::predicate[]) AND EXISTS (SELECT 1 FROM entity f WHERE f.id = r.subject_id AND f.kind = ANY($7::entity_kind[]))) AS c ON true
;
