SELECT json_build_object('$t', 'Metric', 'slug', e1.slug, 'name', e1.name, 'observations', (SELECT json_build_object('$t', 'ObservationConnection', 'totalCount', (SELECT count(*)
  FROM observation t4
  WHERE t4.metric_id = e1.id AND ((t4.change_basis IS NOT NULL))), 'nodes', coalesce(json_agg(json_build_object('$t', 'Observation', 'value', trim_scale(w2.value)::text, 'change', CASE WHEN w2.change_basis IS NULL THEN NULL ELSE json_build_object('$t', 'ReportedChange', 'value', trim_scale(w2.change_value)::text, 'unit', w2.change_unit) END)
  ORDER BY w2._n ASC) FILTER (WHERE w2._n <= 5), '[]'::json))
  FROM (SELECT q3.*, row_number() OVER (ORDER BY q3.period_start DESC, q3.id DESC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r5.*
  FROM observation r5
  WHERE r5.metric_id = e1.id AND ((r5.change_basis IS NOT NULL))
  ORDER BY r5.period_start DESC, r5.id DESC LIMIT 6) q3) w2 )) AS data
  FROM metric e1
  WHERE e1.slug = $1
-- parameters: ["import-export-value"]
