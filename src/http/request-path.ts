// The path of a request's URL, parsed once per request: several plugins ask
// (the request log, the read source), and parsing a URL is not free.
const paths = new WeakMap<Request, string>();

export function pathOf(request: Request): string {
  let path = paths.get(request);
  if (path === undefined) {
    // The server's own Request class (whatwg-node's) keeps the URL it has parsed already.
    const parsed = (request as { parsedUrl?: URL }).parsedUrl;
    paths.set(request, (path = (parsed instanceof Object && typeof parsed.pathname === 'string' ? parsed : new URL(request.url)).pathname));
  }
  return path;
}
