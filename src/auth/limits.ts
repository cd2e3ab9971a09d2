// The limits of the curation (write) path, one line each. To move into
// src/limits.ts with the others (issue 13).

/** Mutations one token may run per minute, on average (a token bucket refilled continuously). */
export const MUTATIONS_PER_MINUTE = 60;
/** Mutations one token may run in a burst, before the per-minute rate applies. */
export const MUTATION_BURST = 20;
/** Mutation fields one request may carry (aliases included): each is a transaction of its own. */
export const MAX_MUTATION_FIELDS = 10;
/** ingestSource fields one request may carry: a knowledge file is a request. */
export const MAX_INGESTS_PER_REQUEST = 1;
/** Largest request body a token with the CURATE scope may send (a knowledge file and its text, as JSON). */
export const CURATE_MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Longest reason for a retraction or restoration, in characters. */
export const MAX_REASON_LENGTH = 2_000;
/** Longest token name, in characters. */
export const MAX_TOKEN_NAME_LENGTH = 100;
/** How often a token's last_used_at is written at most. */
export const LAST_USED_RESOLUTION_MS = 60_000;
