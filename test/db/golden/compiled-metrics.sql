SELECT (SELECT json_build_object('$t', 'MetricConnection', 'totalCount', (SELECT count(*)
  FROM metric t3 ), 'nodes', coalesce(json_agg(json_build_object('$t', 'Metric', 'slug', w1.slug, 'name', w1.name, 'unitKind', w1.unit_kind, 'observations', (SELECT json_build_object('$t', 'ObservationConnection', 'nodes', coalesce(json_agg(json_build_object('$t', 'Observation', 'value', trim_scale(w4.value)::text, 'period', json_build_object('$t', 'Period', 'label', w4.period_label))
  ORDER BY w4._n ASC) FILTER (WHERE w4._n <= 3), '[]'::json))
  FROM (SELECT q5.*, row_number() OVER (ORDER BY q5.period_start DESC, q5.id DESC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r6.*
  FROM observation r6
  WHERE r6.metric_id = w1.id
  ORDER BY r6.period_start DESC, r6.id DESC LIMIT 4) q5) w4 ))
  ORDER BY w1._n ASC) FILTER (WHERE w1._n <= 10), '[]'::json))
  FROM (SELECT q2.*, row_number() OVER (ORDER BY q2.slug ASC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r7.*
  FROM metric r7
  ORDER BY r7.slug ASC LIMIT 11) q2) w1 ) AS data
-- parameters: []
