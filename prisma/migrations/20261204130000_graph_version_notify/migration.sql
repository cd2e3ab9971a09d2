-- Every change of the graph's version is announced on the channel
-- "tradegraph_graph_version", the new version as the payload, by the
-- transaction that made it. PostgreSQL delivers a notification only once that
-- transaction has committed, to every session listening, in commit order; so a
-- server that listens (src/cache/version-listener.ts) knows the version
-- without reading it per request. A row trigger on graph_version itself, not a
-- line in bump_graph_version: any update of the version notifies, whoever
-- wrote it (the bump triggers, or a curator's SQL).
CREATE FUNCTION "notify_graph_version"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tradegraph_graph_version', NEW."version"::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER "graph_version_notifies" AFTER UPDATE OF "version" ON "graph_version"
    FOR EACH ROW WHEN (NEW."version" IS DISTINCT FROM OLD."version") EXECUTE FUNCTION "notify_graph_version"();
