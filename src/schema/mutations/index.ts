// The write side of the API: every mutation needs a token with the CURATE
// scope (src/auth/), answers problems with its input as user errors in its
// payload, and is recorded in the change log.
import { builder } from '../builder.ts';
import './ingest-source.ts';
import './retract-fact.ts';
import './update-entity.ts';
import './tokens.ts';

builder.mutationType({
  description: 'Curation: add and replace sources, retract and restore facts, edit entities (a token with the CURATE scope); manage tokens (the ADMIN scope).',
});
