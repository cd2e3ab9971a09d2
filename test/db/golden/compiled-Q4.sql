SELECT json_build_object('$t', (CASE e1.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', e1.slug, 'name', e1.name, 'relations', (SELECT json_build_object('$t', 'EntityRelationConnection', 'edges', coalesce(json_agg(json_build_object('$t', 'EntityRelationEdge', 'predicate', w2.predicate, 'node', json_build_object('$t', (CASE f4.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', f4.slug, 'name', f4.name, 'relations', (SELECT json_build_object('$t', 'EntityRelationConnection', 'edges', coalesce(json_agg(json_build_object('$t', 'EntityRelationEdge', 'predicate', w5.predicate, 'node', json_build_object('$t', (CASE f7.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', f7.slug, 'name', f7.name, 'relations', (SELECT json_build_object('$t', 'EntityRelationConnection', 'edges', coalesce(json_agg(json_build_object('$t', 'EntityRelationEdge', 'predicate', w8.predicate, 'node', json_build_object('$t', (CASE f10.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', f10.slug, 'name', f10.name, 'kind', f10.kind))
  ORDER BY w8._n ASC) FILTER (WHERE w8._n <= 5), '[]'::json))
  FROM (SELECT q9.*, row_number() OVER (ORDER BY q9.id ASC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r11.*, 'outgoing'::text AS side, r11.object_id AS far
  FROM relation r11
  WHERE r11.subject_id = f7.id
  ORDER BY r11.id ASC LIMIT 6) q9) w8
  LEFT JOIN entity f10 ON f10.id = w8.far )))
  ORDER BY w5._n ASC) FILTER (WHERE w5._n <= 10), '[]'::json))
  FROM (SELECT q6.*, row_number() OVER (ORDER BY q6.id ASC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r12.*, 'outgoing'::text AS side, r12.object_id AS far
  FROM relation r12
  WHERE r12.subject_id = f4.id
  ORDER BY r12.id ASC LIMIT 11) q6) w5
  LEFT JOIN entity f7 ON f7.id = w5.far )))
  ORDER BY w2._n ASC) FILTER (WHERE w2._n <= 10), '[]'::json))
  FROM (SELECT q3.*, row_number() OVER (ORDER BY q3.id ASC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r13.*, 'outgoing'::text AS side, r13.object_id AS far
  FROM relation r13
  WHERE r13.subject_id = e1.id
  ORDER BY r13.id ASC LIMIT 11) q3) w2
  LEFT JOIN entity f4 ON f4.id = w2.far )) AS data
  FROM entity e1
  WHERE e1.slug = $1
-- parameters: ["beijing-customs"]
