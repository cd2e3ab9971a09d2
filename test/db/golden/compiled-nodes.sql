SELECT json_build_array((SELECT json_build_object('$t', 'CustomsOffice', 'id', rtrim(translate(encode(convert_to('CustomsOffice' || ':' || e1.id, 'UTF8'), 'base64'), E'+/\n', '-_'), '='), 'slug', e1.slug) AS data
  FROM entity e1
  WHERE e1.id = $1 AND e1.kind = $2), (SELECT json_build_object('$t', 'Relation', 'id', rtrim(translate(encode(convert_to('Relation' || ':' || e2.id, 'UTF8'), 'base64'), E'+/\n', '-_'), '='), 'predicate', e2.predicate, 'subject', CASE WHEN x3.id IS NULL THEN NULL ELSE json_build_object('$t', (CASE x3.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', x3.slug) END) AS data
  FROM relation e2
  LEFT JOIN entity x3 ON x3.id = e2.subject_id
  WHERE e2.id = $3)) AS data
-- parameters: ["1","CUSTOMS_OFFICE","2"]
