import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** POSTs one GraphQL body to /graphql on 127.0.0.1 (kept-alive connections); whole response text. */
export function postGraphQL(
  port: number,
  body: string,
  token?: string,
): Promise<{ status: number; text: string }> {
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
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
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
