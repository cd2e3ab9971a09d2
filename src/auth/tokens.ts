// API tokens: "tg_<public id>_<secret>". The public id finds the row; the
// SHA-256 of the whole token is compared with the stored one in constant time
// (also when no row is found, against a dummy hash, so timing tells nothing).
// Tokens carry 256 random bits: a hash without salt or stretching suffices,
// and the token is never stored or logged.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../db/prisma.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import type { TokenScope } from '../generated/prisma/enums.ts';
import { LIMITS } from '../limits.ts';

export type Scope = TokenScope;
export const SCOPES: readonly Scope[] = ['READ', 'CURATE', 'ADMIN'];

const TOKEN_PATTERN = /^tg_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const DUMMY_HASH = Buffer.alloc(32);

export interface TokenHolder {
  id: number;
  name: string;
  scopes: readonly Scope[];
}

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Whether a token's scopes grant `scope`: ADMIN grants everything, CURATE includes READ. */
export function grants(scopes: readonly Scope[], scope: Scope): boolean {
  if (scopes.includes('ADMIN')) return true;
  if (scope === 'READ') return scopes.includes('READ') || scopes.includes('CURATE');
  return scopes.includes(scope);
}

export class TokenError extends Error {}

export function parseScopes(list: string): Scope[] {
  const scopes = list.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const unknown = scopes.filter((s) => !SCOPES.includes(s as Scope));
  if (scopes.length === 0 || unknown.length) throw new TokenError(`scopes must be a comma-separated list of ${SCOPES.map((s) => s.toLowerCase()).join(', ')}`);
  return [...new Set(scopes)] as Scope[];
}

/** Makes a token; the returned text is the only time it is ever seen. */
export async function createToken(prisma: PrismaClient | Prisma.TransactionClient, name: string, scopes: readonly Scope[]): Promise<{ token: string; holder: TokenHolder }> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > LIMITS.tokenNameLength || [...trimmed].some((c) => c.charCodeAt(0) < 0x20)) {
    throw new TokenError(`a token's name is 1 to ${LIMITS.tokenNameLength} printable characters`);
  }
  if (await prisma.apiToken.findUnique({ where: { name: trimmed } })) {
    throw new TokenError(`a token named "${trimmed}" exists already (names stay taken after revocation, so the change log stays unambiguous)`);
  }
  const publicId = randomBytes(8).toString('hex');
  const token = `tg_${publicId}_${randomBytes(32).toString('base64url')}`;
  const row = await prisma.apiToken.create({ data: { name: trimmed, publicId, secretHash: hashToken(token), scopes: [...scopes] } });
  return { token, holder: { id: row.id, name: row.name, scopes: row.scopes } };
}

export async function listTokens(prisma: PrismaClient) {
  return prisma.apiToken.findMany({ orderBy: { id: 'asc' }, omit: { secretHash: true } });
}

/** Revokes by name; false when no live token has that name. */
export async function revokeToken(prisma: PrismaClient | Prisma.TransactionClient, name: string): Promise<boolean> {
  const { count } = await prisma.apiToken.updateMany({ where: { name, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
}

/** The holder of a live token, or null for anything else (malformed, unknown, revoked) alike. */
export async function authenticate(prisma: PrismaClient, token: string): Promise<TokenHolder | null> {
  const parsed = TOKEN_PATTERN.exec(token);
  const row = parsed ? await prisma.apiToken.findUnique({ where: { publicId: parsed[1]! } }) : null;
  const given = Buffer.from(hashToken(token), 'hex');
  const stored = row ? Buffer.from(row.secretHash, 'hex') : DUMMY_HASH;
  const matches = stored.length === given.length && timingSafeEqual(stored, given);
  if (!row || !matches || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LIMITS.tokenLastUsedResolutionMs) {
    await prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return { id: row.id, name: row.name, scopes: row.scopes };
}
