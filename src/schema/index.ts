// Assembles the schema: each file registers its types and root fields.
import './nodes.ts';
import './source.ts';
import './relation.ts';
import './entity.ts';
import './entity-walks.ts';
import './observation.ts';
import './claims.ts';
import './series.ts';
import './search.ts';
import './traversal.ts';
import './analytics.ts';
import './history.ts';
import './retraction.ts';
import './mutations/index.ts';
import './graph-changes.ts';
import { builder } from './builder.ts';
import { installCompiledReads } from './compiled/install.ts';
import { priceRootFields } from './cost.ts';

export const schema = builder.toSchema({ sortSchema: false });
priceRootFields(schema.getQueryType()!);
installCompiledReads(schema);
