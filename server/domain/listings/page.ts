import { InvalidInputError } from '../errors.ts';

/** Relay-style page of a listing read: edges with opaque offset cursors, and the total. */
export type Page<T> = {
  totalCount: number;
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

/** An opaque cursor for the row after `offset` rows. */
export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

/** The offset a cursor stands for; throws InvalidInputError (`after`) for a cursor we never gave. */
export function decodeOffsetCursor(cursor: string): number {
  const match = /^o:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) {
    throw new InvalidInputError([
      { path: 'after', message: 'This cursor is not valid. Start again from the first page.' },
    ]);
  }
  return Number(match[1]);
}

/** A page of an in-memory list (already sorted), from a decoded offset. */
export function pageOf<T>(all: readonly T[], first: number, after: string | null | undefined) {
  const offset = after ? decodeOffsetCursor(after) : 0;
  const slice = all.slice(offset, offset + first);
  const edges = slice.map((node, i) => ({ cursor: encodeOffsetCursor(offset + i + 1), node }));
  return {
    totalCount: all.length,
    edges,
    pageInfo: { hasNextPage: offset + first < all.length, endCursor: edges.at(-1)?.cursor ?? null },
  } satisfies Page<T>;
}
