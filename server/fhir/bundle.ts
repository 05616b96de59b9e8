import type { SearchPage, SearchQuery } from './handler.ts';
import type { Json } from './outcome.ts';

/** A searchset Bundle of one page, with self and next links that repeat the query. */
export function searchsetBundle(
  base: string,
  type: string,
  query: SearchQuery,
  page: SearchPage,
): Json {
  const link = (cursor: string | null) => {
    const params = new URLSearchParams();
    for (const [name, values] of query.params)
      for (const value of values) params.append(name, value);
    params.set('_count', String(query.count));
    if (cursor) params.set('_cursor', cursor);
    return `${base}/${type}?${params.toString()}`;
  };
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: page.total,
    link: [
      { relation: 'self', url: link(query.cursor) },
      ...(page.next ? [{ relation: 'next', url: link(page.next) }] : []),
    ],
    ...(page.resources.length > 0
      ? {
          entry: page.resources.map((resource) => ({
            fullUrl: `${base}/${type}/${String(resource.id)}`,
            resource,
            search: { mode: 'match' },
          })),
        }
      : {}),
  };
}
