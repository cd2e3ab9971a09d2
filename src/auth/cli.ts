// npm run token -- create --name NAME --scopes curate[,read,admin]
// npm run token -- list
// npm run token -- revoke --name NAME
// Manages the API's bearer tokens in the configured database. `create` prints
// the token once, alone on its last line, so scripts can capture it
// (`TOKEN=$(npm run -s token -- create ... | tail -n 1)`); only its hash is kept.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { createLogger } from '../logger.ts';
import { cliActor } from '../ingest/history.ts';
import { recordAs } from '../sql/history.ts';
import { createToken, listTokens, parseScopes, revokeToken, TokenError } from './tokens.ts';

const USAGE = `usage: npm run token -- create --name NAME --scopes read|curate|admin[,...]
       npm run token -- list
       npm run token -- revoke --name NAME`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: { name: { type: 'string' }, scopes: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  const command = positionals[0];
  if (values.help || !command || !['create', 'list', 'revoke'].includes(command) || (command !== 'list' && !values.name)) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const scopes = command === 'create' ? parseScopes(values.scopes ?? 'read') : [];
  const config = loadConfig();
  const db = await openDatabase(config, createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL));
  try {
    if (command === 'create') {
      const { token, holder } = await db.prisma.$transaction(async (tx) => {
        await recordAs(tx, cliActor('createToken'));
        return createToken(tx, values.name!, scopes);
      });
      console.log(`Created token "${holder.name}" with scopes ${holder.scopes.join(', ')}. It is shown once, now; only its hash is stored:`);
      console.log(token);
    } else if (command === 'list') {
      const tokens = await listTokens(db.prisma);
      if (tokens.length === 0) console.log('No tokens.');
      for (const t of tokens) {
        const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'live';
        console.log(`${t.name}\t${t.scopes.join(',')}\tcreated ${t.createdAt.toISOString()}\tlast used ${t.lastUsedAt?.toISOString() ?? 'never'}\t${state}`);
      }
    } else if (!(await db.prisma.$transaction(async (tx) => (await recordAs(tx, cliActor('revokeToken')), revokeToken(tx, values.name!))))) {
      console.error(`No live token is named "${values.name}".`);
      return 1;
    } else console.log(`Revoked token "${values.name}".`);
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof TokenError || err instanceof ConfigError ? err.message : `token failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
