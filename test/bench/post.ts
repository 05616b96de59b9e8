import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** A web app's session: its cookie, and the CSRF token its mutations send. */
export type CookieSession = { cookie: string; csrfToken: string };

/** An anonymous caller at an address, as a proxy in front of the server reports it. */
export type ForwardedCaller = { forwardedFor: string };

/**
 * The headers that sign a request in (a bearer token, or a web session's cookie and CSRF token),
 * or that name an anonymous caller's address.
 */
export function authHeaders(
  auth?: string | CookieSession | ForwardedCaller,
): Record<string, string> {
  if (auth === undefined) return {};
  if (typeof auth === 'string') return { authorization: `Bearer ${auth}` };
  if ('forwardedFor' in auth) return { 'x-forwarded-for': auth.forwardedFor };
  return { cookie: auth.cookie, 'x-csrf-token': auth.csrfToken };
}

/**
 * Requests sent again because the kept-alive connection they went out on had just been closed by
 * the server (idle past its keep-alive timeout): the server never read them.
 */
export const staleConnections = { retries: 0 };

/**
 * POSTs one GraphQL body to /graphql on 127.0.0.1 (kept-alive connections), signed in with a
 * bearer token or a web session; the whole response text and the response headers. A request
 * that meets a reset on a reused connection is sent once more on a new one, as Node's HTTP
 * documentation advises (see staleConnections).
 */
export function postGraphQL(
  port: number,
  body: string,
  auth?: string | CookieSession | ForwardedCaller,
  retried = false,
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    let answered = false;
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
        answered = true;
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
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (req.reusedSocket && !answered && error.code === 'ECONNRESET' && !retried) {
        staleConnections.retries += 1;
        resolve(postGraphQL(port, body, auth, true));
      } else {
        reject(error);
      }
    });
    req.end(body);
  });
}

/** Closes the kept-alive connections, so a process that is done can exit. */
export function closeConnections(): void {
  agent.destroy();
}
