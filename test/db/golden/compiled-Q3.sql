SELECT json_build_object('$t', (CASE e1.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', e1.slug, 'name', e1.name, 'supervises', (CASE WHEN e1.kind IN ('CUSTOMS_OFFICE') THEN (SELECT json_build_object('$t', 'EntityRelationConnection', 'edges', coalesce(json_agg(json_build_object('$t', 'EntityRelationEdge', 'node', json_build_object('$t', (CASE f4.kind WHEN 'CUSTOMS_OFFICE' THEN 'CustomsOffice' WHEN 'BONDED_ZONE' THEN 'BondedZone' WHEN 'AIRPORT' THEN 'Airport' WHEN 'POLICY' THEN 'Policy' WHEN 'INDUSTRY' THEN 'Industry' WHEN 'PRODUCT' THEN 'Product' WHEN 'REGION' THEN 'Region' WHEN 'PERSON' THEN 'Person' WHEN 'ORGANIZATION' THEN 'Organization' WHEN 'EVENT' THEN 'Event' END), 'slug', f4.slug, 'name', f4.name, 'observations', (SELECT json_build_object('$t', 'ObservationConnection', 'edges', coalesce(json_agg(json_build_object('$t', 'ObservationEdge', 'node', json_build_object('$t', 'Observation', 'value', trim_scale(w5.value)::text, 'unit', w5.unit, 'period', json_build_object('$t', 'Period', 'label', w5.period_label), 'change', CASE WHEN w5.change_basis IS NULL THEN NULL ELSE json_build_object('$t', 'ReportedChange', 'value', trim_scale(w5.change_value)::text, 'unit', w5.change_unit) END, 'metric', CASE WHEN x7.id IS NULL THEN NULL ELSE json_build_object('$t', 'Metric', 'slug', x7.slug) END, 'evidence', CASE WHEN x8.id IS NULL THEN NULL ELSE json_build_object('$t', 'Evidence', 'quote', x8.quote, 'startOffset', x8.start_offset, 'endOffset', x8.end_offset) END))
  ORDER BY w5._n ASC) FILTER (WHERE w5._n <= 10), '[]'::json))
  FROM (SELECT q6.*, row_number() OVER (ORDER BY q6.period_start DESC, q6.id DESC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r9.*
  FROM observation r9
  WHERE r9.subject_id = f4.id
  ORDER BY r9.period_start DESC, r9.id DESC LIMIT 11) q6) w5
  LEFT JOIN metric x7 ON x7.id = w5.metric_id
  LEFT JOIN evidence x8 ON x8.id = w5.evidence_id ), 'zoneType', (CASE WHEN f4.kind IN ('BONDED_ZONE') THEN f4_bonded_zone.zone_type END)))
  ORDER BY w2._n ASC) FILTER (WHERE w2._n <= 20), '[]'::json))
  FROM (SELECT q3.*, row_number() OVER (ORDER BY q3.id ASC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r10.*, 'outgoing'::text AS side, r10.object_id AS far
  FROM relation r10
  WHERE r10.subject_id = e1.id AND r10.predicate = $1::predicate
  ORDER BY r10.id ASC LIMIT 21) q3) w2
  LEFT JOIN entity f4 ON f4.id = w2.far
  LEFT JOIN bonded_zone f4_bonded_zone ON f4_bonded_zone.entity_id = f4.id ) END)) AS data
  FROM entity e1
  WHERE e1.slug = $2
-- parameters: ["SUPERVISES","beijing-customs"]
