SELECT (SELECT json_build_object('$t', 'ObservationConnection', 'totalCount', (SELECT count(*)
  FROM observation t3
  WHERE ((((EXISTS (SELECT 1
  FROM entity t31
  WHERE t31.id = t3.subject_id AND ((t31.kind = ANY ($1)))))) AND ((t3.unit = ANY ($2)))))), 'pageInfo', json_build_object('$t', 'PageInfo', 'hasNextPage', count(*) > 20, 'endCursor', max(rtrim(translate(encode(convert_to('["' || 'observation-value-desc' || '",' || '"' || trim_scale(w1.value)::text || '"' || ',' || w1.id::text || ']', 'UTF8'), 'base64'), E'+/\n', '-_'), '=')) FILTER (WHERE w1._n = least(w1._fetched, 20))), 'edges', coalesce(json_agg(json_build_object('$t', 'ObservationEdge', 'cursor', rtrim(translate(encode(convert_to('["' || 'observation-value-desc' || '",' || '"' || trim_scale(w1.value)::text || '"' || ',' || w1.id::text || ']', 'UTF8'), 'base64'), E'+/\n', '-_'), '='), 'node', json_build_object('$t', 'Observation', 'value', trim_scale(w1.value)::text, 'unit', w1.unit, 'subject', CASE WHEN x4.id IS NULL THEN NULL ELSE json_build_object('$t', (CASE x4.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', x4.slug) END, 'metric', CASE WHEN x5.id IS NULL THEN NULL ELSE json_build_object('$t', 'Metric', 'slug', x5.slug) END, 'evidence', CASE WHEN x6.id IS NULL THEN NULL ELSE json_build_object('$t', 'Evidence', 'quote', x6.quote, 'source', CASE WHEN x7.id IS NULL THEN NULL ELSE json_build_object('$t', 'Source', 'slug', x7.slug) END) END))
  ORDER BY w1._n ASC) FILTER (WHERE w1._n <= 20), '[]'::json))
  FROM (SELECT q2.*, row_number() OVER (ORDER BY q2.value DESC, q2.id DESC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r8.*
  FROM observation r8
  WHERE ((((EXISTS (SELECT 1
  FROM entity r81
  WHERE r81.id = r8.subject_id AND ((r81.kind = ANY ($3)))))) AND ((r8.unit = ANY ($4)))))
  ORDER BY r8.value DESC, r8.id DESC LIMIT 21) q2) w1
  LEFT JOIN entity x4 ON x4.id = w1.subject_id
  LEFT JOIN metric x5 ON x5.id = w1.metric_id
  LEFT JOIN evidence x6 ON x6.id = w1.evidence_id
  LEFT JOIN source x7 ON x7.id = x6.source_id ) AS data
-- parameters: [["BONDED_ZONE"],["CNY"],["BONDED_ZONE"],["CNY"]]
