// Managing API tokens over the API, for holders of the ADMIN scope: the
// `tokens` query (never a secret, nor its hash), `createToken` (the token's
// text is in its payload, that once only) and `revokeToken`. The same code as
// `npm run token`; each change is recorded in the change log under the admin's
// name (the log never holds a token's hash).
import { requireScope } from '../../auth/viewer.ts';
import { createToken, listTokens, type Scope, SCOPES, TokenError } from '../../auth/tokens.ts';
import { recordAs } from '../../sql/history.ts';
import { builder } from '../builder.ts';
import { connectionOf, type Ordering, pageOf, pageQuery } from '../pagination.ts';
import { decodeGlobalId } from '../scalars.ts';
import { type UserError, userErrorsField } from './user-errors.ts';

interface TokenRow {
  id: number;
  name: string;
  scopes: Scope[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const TokenScopeEnum = builder.enumType('TokenScope', {
  description: 'What a token may do.',
  values: {
    READ: { description: 'The queries (what anonymous callers get unless TRADEGRAPH_PUBLIC_READ=false).' },
    CURATE: { description: 'Ingest, retract, restore and edit entities (and read).' },
    ADMIN: { description: 'Everything, including managing tokens.' },
  } as const,
});

const ApiTokenType = builder.node(builder.objectRef<TokenRow>('ApiToken'), {
  description: 'An API token, without its secret (shown once, when it was made). Only an ADMIN token may list or refetch tokens.',
  id: { resolve: (r) => r.id },
  // node(id:) of a token: for an ADMIN token only, as `tokens`.
  loadMany: async (ids, ctx) => {
    requireScope(ctx.viewer, 'ADMIN');
    const rows = (await listTokens(ctx.prisma)) as TokenRow[];
    return ids.map((id) => rows.find((r) => String(r.id) === String(id)) ?? null);
  },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'scopes' in value && 'publicId' in value,
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Who or what holds it; the change log names changes by it.' }),
    scopes: t.field({ type: [TokenScopeEnum], description: 'What it may do.', resolve: (r) => r.scopes }),
    createdAt: t.field({ type: 'DateTime', description: 'When it was made.', resolve: (r) => r.createdAt }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was last used (to within a few minutes).', resolve: (r) => r.lastUsedAt }),
    revokedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was revoked; a revoked token authenticates nothing.', resolve: (r) => r.revokedAt }),
  }),
});

const TOKEN_ORDER: Ordering = { name: 'api-token', keys: [{ field: 'id', direction: 'asc', type: 'int' }] };

builder.queryField('tokens', (t) =>
  t.connection(
    {
      type: ApiTokenType,
      description: 'Every API token, oldest first, revoked ones included, without secrets. Needs a token with the ADMIN scope.',
      resolve: async (_root, args, ctx) => {
        requireScope(ctx.viewer, 'ADMIN');
        // Paged as every connection (cursors, limits and their typed errors: pagination.ts).
        const page = pageOf(args, TOKEN_ORDER);
        const rows = (await ctx.prisma.apiToken.findMany({ ...pageQuery(page, {}), omit: { secretHash: true } })) as TokenRow[];
        return { ...connectionOf(rows, page), totalCount: () => ctx.prisma.apiToken.count() };
      },
    },
    { name: 'ApiTokenConnection' },
  ),
);

const tokenIdOf = (id: string): number | null => {
  try {
    const decoded = decodeGlobalId(id);
    return decoded.typename === 'ApiToken' && /^\d{1,9}$/.test(decoded.id) ? Number(decoded.id) : null;
  } catch {
    return null;
  }
};

builder.relayMutationField(
  'createToken',
  {
    description: 'A name and scopes for a new token.',
    inputFields: (t) => ({
      name: t.string({ required: true, description: 'Who or what will hold it; unique, also after revocation.' }),
      scopes: t.field({ type: [TokenScopeEnum], required: true, description: 'What it may do (at least one).' }),
    }),
  },
  {
    description: 'Makes a token and returns its secret, this once only. Needs a token with the ADMIN scope.',
    resolve: async (_root, { input }, ctx): Promise<{ token: string | null; row: TokenRow | null; userErrors: UserError[] }> => {
      const admin = requireScope(ctx.viewer, 'ADMIN');
      const scopes = [...new Set(input.scopes)].filter((s): s is Scope => SCOPES.includes(s as Scope));
      if (scopes.length === 0) return { token: null, row: null, userErrors: [{ code: 'INVALID', path: 'scopes', message: 'Give at least one scope.' }] };
      try {
        const made = await ctx.prisma.$transaction(async (tx) => {
          await recordAs(tx, { actor: admin.name, tokenName: admin.name, action: 'createToken' });
          return createToken(tx, input.name, scopes);
        });
        const row = (await listTokens(ctx.prisma)).find((r) => r.id === made.holder.id) as TokenRow;
        return { token: made.token, row, userErrors: [] };
      } catch (err) {
        if (err instanceof TokenError) return { token: null, row: null, userErrors: [{ code: 'INVALID', path: 'name', message: err.message }] };
        if ((err as { code?: string }).code === 'P2002') return { token: null, row: null, userErrors: [{ code: 'CONFLICT', path: 'name', message: 'A token has this name already.' }] };
        throw err;
      }
    },
  },
  {
    name: 'CreateTokenPayload',
    description: 'The new token, or why none was made.',
    outputFields: (t) => ({
      token: t.string({ nullable: true, description: 'The token to send as `Authorization: Bearer <token>`: shown this once, never stored.', resolve: (r) => r.token }),
      apiToken: t.field({ type: ApiTokenType, nullable: true, description: 'The token as `tokens` lists it.', resolve: (r) => r.row }),
      userErrors: t.field({ ...userErrorsField, resolve: (r) => r.userErrors }),
    }),
  },
);

builder.relayMutationField(
  'revokeToken',
  {
    description: 'The token to revoke.',
    inputFields: (t) => ({ id: t.id({ required: true, description: 'The token\'s ID, as `tokens` lists it.' }) }),
  },
  {
    description: 'Revokes a token at once: it authenticates nothing from then on. Needs a token with the ADMIN scope.',
    resolve: async (_root, { input }, ctx): Promise<{ row: TokenRow | null; userErrors: UserError[] }> => {
      const admin = requireScope(ctx.viewer, 'ADMIN');
      const id = tokenIdOf(String(input.id));
      const missing = { row: null, userErrors: [{ code: 'NOT_FOUND' as const, path: 'id', message: 'No live token has this ID.' }] };
      if (id === null) return missing;
      const revoked = await ctx.prisma.$transaction(async (tx) => {
        await recordAs(tx, { actor: admin.name, tokenName: admin.name, action: 'revokeToken' });
        return tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
      });
      if (revoked.count === 0) return missing;
      return { row: (await listTokens(ctx.prisma)).find((r) => r.id === id) as TokenRow, userErrors: [] };
    },
  },
  {
    name: 'RevokeTokenPayload',
    description: 'The token as revoked, or why nothing was.',
    outputFields: (t) => ({
      apiToken: t.field({ type: ApiTokenType, nullable: true, description: 'The token, with its `revokedAt`.', resolve: (r) => r.row }),
      userErrors: t.field({ ...userErrorsField, resolve: (r) => r.userErrors }),
    }),
  },
);
