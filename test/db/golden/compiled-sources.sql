SELECT (SELECT json_build_object('$t', 'SourceConnection', 'totalCount', (SELECT count(*)
  FROM source t3
  WHERE ((t3.title LIKE $1))), 'pageInfo', json_build_object('$t', 'PageInfo', 'hasNextPage', count(*) > 20, 'endCursor', max(rtrim(translate(encode(convert_to('["' || 'source' || '",' || '"' || to_char(w1.published_on, 'YYYY-MM-DD') || 'T00:00:00.000Z' || '"' || ',' || w1.id::text || ']', 'UTF8'), 'base64'), E'+/\n', '-_'), '=')) FILTER (WHERE w1._n = least(w1._fetched, 20))), 'edges', coalesce(json_agg(json_build_object('$t', 'SourceConnectionEdge', 'cursor', rtrim(translate(encode(convert_to('["' || 'source' || '",' || '"' || to_char(w1.published_on, 'YYYY-MM-DD') || 'T00:00:00.000Z' || '"' || ',' || w1.id::text || ']', 'UTF8'), 'base64'), E'+/\n', '-_'), '='), 'node', json_build_object('$t', 'Source', 'slug', w1.slug, 'title', w1.title, 'publishedAt', to_char(w1.published_on, 'YYYY-MM-DD'), 'evidence', (SELECT json_build_object('$t', 'SourceEvidenceConnection', 'totalCount', (SELECT count(*)
  FROM evidence t6
  WHERE t6.source_id = w1.id), 'edges', coalesce(json_agg(json_build_object('$t', 'SourceEvidenceConnectionEdge', 'cursor', rtrim(translate(encode(convert_to('["' || 'evidence' || '",' || w4.start_offset::text || ',' || w4.id::text || ']', 'UTF8'), 'base64'), E'+/\n', '-_'), '='), 'node', json_build_object('$t', 'Evidence', 'quote', w4.quote, 'startOffset', w4.start_offset, 'endOffset', w4.end_offset))
  ORDER BY w4._n ASC) FILTER (WHERE w4._n <= 5), '[]'::json))
  FROM (SELECT q5.*, row_number() OVER (ORDER BY q5.start_offset ASC, q5.id ASC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r7.*
  FROM evidence r7
  WHERE r7.source_id = w1.id
  ORDER BY r7.start_offset ASC, r7.id ASC LIMIT 6) q5) w4 ), 'relations', (SELECT json_build_object('$t', 'SourceRelationConnection', 'totalCount', (SELECT count(*)
  FROM relation t10
  WHERE t10.source_id = w1.id AND ((t10.predicate = ANY ($2)))), 'nodes', coalesce(json_agg(json_build_object('$t', 'Relation', 'predicate', w8.predicate, 'subject', CASE WHEN x11.id IS NULL THEN NULL ELSE json_build_object('$t', (CASE x11.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', x11.slug) END, 'object', CASE WHEN x12.id IS NULL THEN NULL ELSE json_build_object('$t', (CASE x12.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', x12.slug) END)
  ORDER BY w8._n ASC) FILTER (WHERE w8._n <= 5), '[]'::json))
  FROM (SELECT q9.*, row_number() OVER (ORDER BY q9.id ASC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r13.*
  FROM relation r13
  WHERE r13.source_id = w1.id AND ((r13.predicate = ANY ($3)))
  ORDER BY r13.id ASC LIMIT 6) q9) w8
  LEFT JOIN entity x11 ON x11.id = w8.subject_id
  LEFT JOIN entity x12 ON x12.id = w8.object_id ), 'observations', (SELECT json_build_object('$t', 'ObservationConnection', 'nodes', coalesce(json_agg(json_build_object('$t', 'Observation', 'value', trim_scale(w14.value)::text, 'metric', CASE WHEN x16.id IS NULL THEN NULL ELSE json_build_object('$t', 'Metric', 'slug', x16.slug) END)
  ORDER BY w14._n ASC) FILTER (WHERE w14._n <= 5), '[]'::json))
  FROM (SELECT q15.*, row_number() OVER (ORDER BY q15.period_start DESC, q15.id DESC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r17.*
  FROM observation r17
  WHERE r17.source_id = w1.id
  ORDER BY r17.period_start DESC, r17.id DESC LIMIT 6) q15) w14
  LEFT JOIN metric x16 ON x16.id = w14.metric_id )))
  ORDER BY w1._n ASC) FILTER (WHERE w1._n <= 20), '[]'::json))
  FROM (SELECT q2.*, row_number() OVER (ORDER BY q2.published_on DESC, q2.id DESC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r18.*
  FROM source r18
  WHERE ((r18.title LIKE $4))
  ORDER BY r18.published_on DESC, r18.id DESC LIMIT 21) q2) w1 ) AS data
-- parameters: ["%trade%",["SUPERVISES"],["SUPERVISES"],"%trade%"]
