/** The part of autocannon's API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  type Request = {
    method?: 'GET' | 'POST';
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    onResponse?: (status: number, body: string, context: unknown) => void;
  };
  type Client = { setRequests(requests: Request[]): void };
  type Histogram = { p50: number; p90: number; p99: number; average: number; max: number };
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    overallRate?: number;
    timeout?: number;
    requests?: Request[];
    setupClient?: (client: Client) => void;
  };
  type Result = {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    latency: Histogram;
    requests: Histogram & { total: number };
  };

  export type { Result };

  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
