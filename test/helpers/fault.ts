// What the fault tests ask a real server process, and how they judge the answer.

/** A query that needs the database: a bonded zone's figures with their evidence. */
export const QUERY =
  '{ entity(slug: "tianzhu-comprehensive-bonded-zone") { name observations { edges { node { value evidence { quote } } } } } }';

export interface Sample {
  at: number;
  ms: number;
  /** HTTP status, or 0 when the connection failed or was cut. */
  status: number;
  codes: string[];
  text: string;
}

/** POSTs QUERY to the server at `url`. */
export async function ask(url: string): Promise<Sample> {
  const at = Date.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { errors?: Array<{ extensions?: { code?: string } }> };
    return { at, ms: Date.now() - at, status: response.status, codes: (body.errors ?? []).map((e) => String(e.extensions?.code)), text };
  } catch (err) {
    return { at, ms: Date.now() - at, status: 0, codes: [`fetch failed: ${(err as Error).message}`], text: '' };
  }
}

/** The full, correct answer (the zone's import-export value is in it). */
export const ok = (s: Sample) => s.status === 200 && s.codes.length === 0 && s.text.includes('73330000000');

export interface Readiness {
  status: number;
  body: { ready: boolean; reason?: string; database?: Record<string, any> } & Record<string, any>;
}

export async function readiness(url: string): Promise<Readiness> {
  const response = await fetch(`${url}/ready`);
  return { status: response.status, body: (await response.json()) as Readiness['body'] };
}
