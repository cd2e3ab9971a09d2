SELECT json_build_object('$t', 'Source', 'slug', e1.slug, 'title', e1.title, 'evidenceCount', (SELECT count(*)
  FROM evidence n2
  WHERE n2.source_id = e1.id), 'evidence', (SELECT json_build_object('$t', 'SourceEvidenceConnection', 'edges', coalesce(json_agg(json_build_object('$t', 'SourceEvidenceConnectionEdge', 'cursor', rtrim(translate(encode(convert_to('["' || 'evidence' || '",' || w3.start_offset::text || ',' || w3.id::text || ']', 'UTF8'), 'base64'), E'+/\n', '-_'), '='), 'node', json_build_object('$t', 'Evidence', 'quote', w3.quote))
  ORDER BY w3._n DESC) FILTER (WHERE w3._n <= 3), '[]'::json))
  FROM (SELECT q4.*, row_number() OVER (ORDER BY q4.start_offset DESC, q4.id DESC) AS _n, count(*) OVER () AS _fetched
  FROM (SELECT r5.*
  FROM evidence r5
  WHERE r5.source_id = e1.id
  ORDER BY r5.start_offset DESC, r5.id DESC LIMIT 4) q4) w3 )) AS data
  FROM source e1
  WHERE e1.slug = $1
-- parameters: ["beijing-trade-h1-2023"]
