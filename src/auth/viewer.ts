// Who sends a request: the holder of a valid token, nobody, or someone whose
// token is not valid (which is refused, whatever it was: unknown, revoked or
// malformed, alike).
import type { PrismaClient } from '../db/prisma.ts';
import { ForbiddenError, UnauthenticatedError } from './errors.ts';
import { authenticate, grants, type Scope, type TokenHolder } from './tokens.ts';

export interface Viewer {
  holder: TokenHolder | null;
  /** A token came and is not valid. */
  invalid: boolean;
}

export const ANONYMOUS: Viewer = { holder: null, invalid: false };

/** The viewer an Authorization header names; only the Bearer scheme is read. */
export async function viewerOf(prisma: PrismaClient, authorization: string | null): Promise<Viewer> {
  if (authorization === null) return ANONYMOUS;
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!match) return { holder: null, invalid: true };
  const holder = await authenticate(prisma, match[1]!);
  return holder ? { holder, invalid: false } : { holder: null, invalid: true };
}

/** The holder, if the viewer may do what `scope` allows; else the error to answer. */
export function requireScope(viewer: Viewer | undefined, scope: Scope): TokenHolder {
  if (!viewer?.holder) throw new UnauthenticatedError();
  if (!grants(viewer.holder.scopes, scope)) throw new ForbiddenError(scope);
  return viewer.holder;
}
