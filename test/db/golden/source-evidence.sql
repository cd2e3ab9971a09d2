-- { sources(first: 1) { nodes { slug evidence(first: 2) { edges { cursor node { quote } } totalCount } } } }
-- 3 statement(s), sorted

SELECT "t0"."id", "t0"."published_on" AS "publishedOn", "t0"."title", "t0"."slug" FROM "public"."source" AS "t0" WHERE 1=1 ORDER BY "t0"."published_on" DESC, "t0"."id" DESC LIMIT $1
;

SELECT "t0"."id", "t0"."source_id" AS "sourceId", "t0"."quote", "t0"."start_offset" AS "startOffset", "t0"."end_offset" AS "endOffset" FROM "public"."evidence" AS "t0" WHERE "t0"."id" IN ($1,$2,$3)
;

SELECT p.parent, w.id, c.total
FROM unnest($1::int[]) AS p(parent)
LEFT JOIN LATERAL (SELECT c.id FROM evidence c WHERE c.source_id = p.parent ORDER BY c.start_offset ASC, c.id ASC LIMIT $2) AS w ON true
LEFT JOIN LATERAL (SELECT count(*) AS total FROM evidence c WHERE c.source_id = p.parent) AS c ON true
;
