import { postGraphQL as post } from './post.ts';

/** A service a coordinator looks for by its exact name. */
export type KnownItem = { id: string; name: string };

/** Misspellings coordinators type, each with the word they meant. */
export const TYPO_PROBES: ReadonlyArray<{ typo: string; meant: string }> = [
  { typo: 'shleter', meant: 'shelter' },
  { typo: 'pantyr', meant: 'pantry' },
  { typo: 'counceling', meant: 'counseling' },
  { typo: 'emplyoment', meant: 'employment' },
  { typo: 'immigartion', meant: 'immigration' },
  { typo: 'groseries', meant: 'groceries' },
  { typo: 'evicton', meant: 'eviction' },
  { typo: 'transportaton', meant: 'transportation' },
  { typo: 'dentl', meant: 'dental' },
  { typo: 'childcre', meant: 'childcare' },
  { typo: 'helth', meant: 'health' },
  { typo: 'mentl health', meant: 'mental health' },
];

const PROBE_QUERY = /* GraphQL */ `
  query Probe($input: SearchServicesInput!) {
    searchServices(input: $input) { totalCount edges { node { id name } } }
  }
`;

type Hit = { id: string; name: string };

async function hits(port: number, text: string): Promise<Hit[]> {
  const body = JSON.stringify({ query: PROBE_QUERY, variables: { input: { text, first: 20 } } });
  const { status, text: answer } = await post(port, body);
  const parsed = JSON.parse(answer) as {
    data?: { searchServices?: { edges: Array<{ node: Hit }> } };
    errors?: unknown[];
  };
  const edges = parsed.data?.searchServices?.edges;
  if (status !== 200 || parsed.errors?.length || !edges) {
    throw new Error(`quality probe "${text}" failed: HTTP ${status} ${answer.slice(0, 200)}`);
  }
  return edges.map((e) => e.node);
}

/**
 * What a coordinator would notice of search quality, the same on every engine:
 * - known items: a service's exact name as the text; where the first service of that name comes
 *   (several services may share a name), as the share found first, in the first five, and the mean
 *   reciprocal rank over the first page;
 * - typos: each misspelling against the word meant; the share of the meant word's first ten that
 *   the misspelling also finds (1 = a typo costs nothing), and the share of typos finding anything.
 */
export async function qualityProbes(port: number, knownItems: readonly KnownItem[]) {
  let top1 = 0;
  let top5 = 0;
  let reciprocal = 0;
  for (const item of knownItems) {
    const wanted = item.name.toLowerCase();
    const rank =
      (await hits(port, item.name)).findIndex((h) => h.name.toLowerCase() === wanted) + 1;
    if (rank === 1) top1++;
    if (rank >= 1 && rank <= 5) top5++;
    if (rank >= 1) reciprocal += 1 / rank;
  }
  let overlap = 0;
  let found = 0;
  for (const probe of TYPO_PROBES) {
    const [typo, meant] = await Promise.all([hits(port, probe.typo), hits(port, probe.meant)]);
    const meantTop = new Set(meant.slice(0, 10).map((h) => h.id));
    const shared = typo.slice(0, 10).filter((h) => meantTop.has(h.id)).length;
    overlap += meantTop.size === 0 ? 1 : shared / meantTop.size;
    if (typo.length > 0) found++;
  }
  const share = (count: number, of: number) => Math.round((count / Math.max(1, of)) * 1000) / 1000;
  return {
    knownItems: knownItems.length,
    knownItemTop1: share(top1, knownItems.length),
    knownItemTop5: share(top5, knownItems.length),
    knownItemMrr: share(reciprocal, knownItems.length),
    typoProbes: TYPO_PROBES.length,
    typoFoundRate: share(found, TYPO_PROBES.length),
    typoOverlapAt10: share(overlap, TYPO_PROBES.length),
  };
}
