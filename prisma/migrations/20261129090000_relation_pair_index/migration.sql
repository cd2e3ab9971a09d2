-- Relations between two given entities, whatever their predicate: `paths`
-- looks up the relations joining each pair of entities on a shortest path.
-- With (subject_id, predicate, object_id) PostgreSQL combined the subject's
-- and the object's whole edge lists in a bitmap for every pair (hub entities
-- have thousands); with the object second, a pair is one index range.
-- Neighbour scans by subject still read only this index (object and predicate
-- are in it), and walks by subject and predicate use (subject_id, predicate, id).
CREATE INDEX "relation_subject_id_object_id_predicate_idx" ON "relation"("subject_id", "object_id", "predicate");
DROP INDEX "relation_subject_id_predicate_object_id_idx";
