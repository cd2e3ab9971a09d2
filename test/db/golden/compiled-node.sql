SELECT json_build_object('$t', 'CustomsOffice', 'id', rtrim(translate(encode(convert_to('CustomsOffice' || ':' || e1.id, 'UTF8'), 'base64'), E'+/\n', '-_'), '='), 'slug', e1.slug, 'level', e1_customs_office.level, 'supervises', (SELECT json_build_object('$t', 'EntityRelationConnection', 'nodes', coalesce(json_agg(json_build_object('$t', (CASE f4.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', f4.slug)
  ORDER BY w2._n ASC) FILTER (WHERE w2._n <= 3), '[]'::json))
  FROM (SELECT q3.*, row_number() OVER (ORDER BY q3.id ASC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r5.*, 'outgoing'::text AS side, r5.object_id AS far
  FROM relation r5
  WHERE r5.subject_id = e1.id AND r5.predicate = $1::predicate
  ORDER BY r5.id ASC LIMIT 4) q3) w2
  LEFT JOIN entity f4 ON f4.id = w2.far )) AS data
  FROM entity e1
  LEFT JOIN customs_office e1_customs_office ON e1_customs_office.entity_id = e1.id
  WHERE e1.id = $2 AND e1.kind = $3
-- parameters: ["SUPERVISES","1","CUSTOMS_OFFICE"]
