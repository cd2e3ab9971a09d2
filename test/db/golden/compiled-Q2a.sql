SELECT (SELECT json_build_object('$t', 'EntityConnection', 'edges', coalesce(json_agg(json_build_object('$t', 'EntityConnectionEdge', 'cursor', rtrim(translate(encode(convert_to('["' || 'entity-name-asc' || '",' || to_json(w1.name)::text || ',' || w1.id::text || ']', 'UTF8'), 'base64'), E'+/\n', '-_'), '='), 'node', json_build_object('$t', (CASE w1.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', w1.slug, 'name', w1.name, 'kind', w1.kind))
  ORDER BY w1._n ASC) FILTER (WHERE w1._n <= 20), '[]'::json), 'pageInfo', json_build_object('$t', 'PageInfo', 'hasNextPage', count(*) > 20, 'endCursor', max(rtrim(translate(encode(convert_to('["' || 'entity-name-asc' || '",' || to_json(w1.name)::text || ',' || w1.id::text || ']', 'UTF8'), 'base64'), E'+/\n', '-_'), '=')) FILTER (WHERE w1._n = least(w1._fetched, 20))))
  FROM (SELECT q2.*, row_number() OVER (ORDER BY q2.name ASC, q2.id ASC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r3.*
  FROM entity r3
  ORDER BY r3.name ASC, r3.id ASC LIMIT 21) q2) w1 ) AS data
-- parameters: []
