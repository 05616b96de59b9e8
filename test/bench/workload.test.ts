import { describe, expect, it } from 'vitest';
import { type Checked, checkSearchResponse, rememberingCheck, type WorkItem } from './workload.ts';

const item = (text: string): WorkItem => ({
  kind: 'text',
  input: { text },
  body: JSON.stringify({ variables: { input: { text } } }),
});

const page = (ids: string[]) =>
  JSON.stringify({
    data: {
      searchServices: {
        totalCount: ids.length,
        edges: ids.map((id) => ({
          distanceKm: null,
          eligibility: null,
          openStatus: { isOpen: null },
          node: { id, categories: [] },
        })),
      },
    },
  });

describe('the bench’s remembering check', () => {
  it('checks a request’s repeated answer once, and any other answer in full', () => {
    const seen: string[] = [];
    const check = rememberingCheck((work, status, body): Checked => {
      seen.push(`${work.input.text}:${status}:${body}`);
      return checkSearchResponse(work, status, body);
    });
    const food = item('food');
    const again = item('food');
    expect(check(food, 200, page(['a', 'b']))).toEqual({ error: null, totalCount: 2 });
    // The same request (another item with the same body) answered with the same bytes.
    expect(check(again, 200, page(['a', 'b']))).toEqual({ error: null, totalCount: 2 });
    expect(seen).toHaveLength(1);

    // Another answer to the same request is checked, and a wrong one fails.
    expect(check(food, 200, page(['a', 'a'])).error).toBe('text: service a twice on one page');
    expect(check(food, 500, page(['a', 'a'])).error).toMatch(/^text: HTTP 500/);
    // A wrong answer seen again keeps failing.
    expect(check(food, 500, page(['a', 'a'])).error).toMatch(/^text: HTTP 500/);
    expect(seen).toHaveLength(3);

    // Another request with the same answer is checked on its own.
    expect(check(item('shelter'), 200, page(['a', 'b'])).error).toBeNull();
    expect(seen).toHaveLength(4);
  });
});
