import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** A web app's session: its cookie, and the CSRF token its mutations send. */
export type CookieSession = { cookie: string; csrfToken: string };

/** The headers that sign a request in: a bearer token, or a web session's cookie and CSRF token. */
export function authHeaders(auth?: string | CookieSession): Record<string, string> {
  if (auth === undefined) return {};
  if (typeof auth === 'string') return { authorization: `Bearer ${auth}` };
  return { cookie: auth.cookie, 'x-csrf-token': auth.csrfToken };
}

/**
 * POSTs one GraphQL body to /graphql on 127.0.0.1 (kept-alive connections), signed in with a
 * bearer token or a web session; the whole response text and the response headers.
 */
export function postGraphQL(
  port: number,
  body: string,
  auth?: string | CookieSession,
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...authHeaders(auth),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Closes the kept-alive connections, so a process that is done can exit. */
export function closeConnections(): void {
  agent.destroy();
}
