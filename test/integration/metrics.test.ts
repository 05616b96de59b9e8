import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAs } from '../support/actors.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const base = (server: TestServer) => server.url.replace(/\/graphql$/, '');

async function scrape(server: TestServer, headers: Record<string, string> = {}) {
  const res = await fetch(`${base(server)}/metrics`, { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

/** Scrapes until `pattern` shows (background jobs run on their own schedule). */
async function scrapeUntil(server: TestServer, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { text } = await scrape(server);
    if (pattern.test(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('/metrics (no token: this machine only)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true, env: { REMINDER_INTERVAL_SECONDS: '1' } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('reports request latency by operation, feed lag, job runs and live subscribers', async () => {
    for (let i = 0; i < 2; i++) {
      const result = await server.gql('query MetricsProbe { __typename }');
      expect(result.errors).toBeUndefined();
    }
    const anonymous = await server.gql('{ __typename }');
    expect(anonymous.errors).toBeUndefined();
    expect((await fetch(`${base(server)}/healthz`)).status).toBe(200);

    const text = await scrapeUntil(server, /wayfinder_job_runs_total\{job="referral-reminders"\}/);
    expect(text).toMatch(
      /wayfinder_graphql_request_duration_seconds_count\{operation="MetricsProbe",status="200"\} 2\n/,
    );
    expect(text).toMatch(
      /wayfinder_graphql_request_duration_seconds_bucket\{le="0\.005",operation="MetricsProbe"/,
    );
    expect(text).toMatch(/wayfinder_graphql_request_duration_seconds_count\{operation="anonymous"/);
    expect(text).toMatch(
      /wayfinder_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1\n/,
    );
    expect(text).toMatch(/^wayfinder_search_feed_waiting_entries \d+$/m);
    expect(text).toMatch(/^wayfinder_search_feed_oldest_waiting_seconds [\d.e+-]+$/m);
    expect(text).toMatch(/^wayfinder_notification_outbox_waiting_entries \d+$/m);
    expect(text).toMatch(/^wayfinder_notification_outbox_oldest_waiting_seconds [\d.e+-]+$/m);
    expect(text).toMatch(/^wayfinder_job_runs_total\{job="referral-reminders"\} [1-9]\d*$/m);
    expect(text).toMatch(/^wayfinder_job_failures_total\{job="referral-reminders"\} 0$/m);
    expect(text).toMatch(/^wayfinder_live_subscribers 0$/m);
    // Node's own process metrics, from this app's registry.
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
  });

  it('counts a change that waits for the index, and its age', async () => {
    const { Outbox } = server.runtime.deps.db.models;
    await server.runtime.worker.stop();
    const createdAt = new Date(Date.now() - 30_000);
    await Outbox.collection.insertOne({
      _id: 'metrics-probe' as never,
      topic: 'service.index',
      keys: [],
      createdAt,
      availableAt: createdAt,
      attempts: 0,
    });
    const { text } = await scrape(server);
    expect(
      Number(/^wayfinder_search_feed_waiting_entries (\d+)$/m.exec(text)?.[1]),
    ).toBeGreaterThan(0);
    const age = Number(/^wayfinder_search_feed_oldest_waiting_seconds (\S+)$/m.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(29);
  });

  it('counts the live subscribers while their streams are open', async () => {
    const { token } = await signedInAs(server, 'coordinator');
    const abort = new AbortController();
    const stream = await fetch(server.url, {
      method: 'POST',
      headers: {
        accept: 'text/event-stream',
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify({ query: 'subscription { referralEvents { kind } }' }),
      signal: abort.signal,
    });
    expect(stream.status).toBe(200);
    const reading = stream.body
      ?.getReader()
      .read()
      .catch(() => null);
    expect(await scrapeUntil(server, /^wayfinder_live_subscribers 1$/m)).toMatch(
      /^wayfinder_live_subscribers 1$/m,
    );
    abort.abort();
    await reading;
    expect(await scrapeUntil(server, /^wayfinder_live_subscribers 0$/m)).toMatch(
      /^wayfinder_live_subscribers 0$/m,
    );
  });

  it('refuses a request that came through a proxy', async () => {
    const proxied = await scrape(server, { 'x-forwarded-for': '203.0.113.7' });
    expect(proxied.status).toBe(403);
    expect(proxied.text).not.toContain('wayfinder_');
    const direct = await scrape(server);
    expect(direct.status).toBe(200);
    expect(direct.type).toContain('text/plain');
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789abcdef';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { METRICS_TOKEN: token } });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('answers only the bearer of the token, from anywhere', async () => {
    expect((await scrape(server)).status).toBe(401);
    expect((await scrape(server, { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(
      401,
    );
    const unauthorised = await scrape(server, { 'x-forwarded-for': '203.0.113.7' });
    expect(unauthorised.status).toBe(401);
    expect(unauthorised.text).not.toContain('wayfinder_');
    const allowed = await scrape(server, {
      authorization: `Bearer ${token}`,
      'x-forwarded-for': '203.0.113.7',
    });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('wayfinder_graphql_request_duration_seconds');
  });
});
