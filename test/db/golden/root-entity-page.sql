-- { entities(first: 5, orderBy: { field: NAME }) { edges { cursor node { id name } } pageInfo { hasNextPage endCursor } totalCount } }
-- 2 statement(s), sorted

SELECT "t0"."id", "t0"."kind"::text, "t0"."slug", "t0"."name", "t0"."aliases", "t0"."description", "t0"."defined_by_source_id" AS "definedBySourceId", "t0"."created_at" AS "createdAt", "t0"."updated_at" AS "updatedAt" FROM "public"."entity" AS "t0" WHERE 1=1 ORDER BY "t0"."name" ASC, "t0"."id" ASC LIMIT $1
;

SELECT COUNT(*) AS "_count$_all" FROM (SELECT "public"."entity"."id" FROM "public"."entity" WHERE 1=1 OFFSET $1) AS "sub"
;
