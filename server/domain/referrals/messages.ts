import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { InvalidInputError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { readVisibleReferral } from './visible-referral.ts';

export const MAX_MESSAGE = 4000;
const MAX_PAGE = 100;

/** A message between the referring and the receiving side of one referral. */
export type ReferralMessage = {
  id: string;
  referralId: string;
  authorUserId: string;
  authorOrganizationId: string;
  body: string;
  createdAt: Date;
};

const postSchema = z.object({
  referralId: z.string().min(1).max(200),
  body: z
    .string()
    .trim()
    .min(1, { error: 'Write a message first.' })
    .max(MAX_MESSAGE, { error: `A message must be at most ${MAX_MESSAGE} characters.` }),
});

const listSchema = z.object({
  first: z
    .number()
    .int()
    .min(1, { error: `Ask for between 1 and ${MAX_PAGE} messages.` })
    .max(MAX_PAGE, { error: `Ask for between 1 and ${MAX_PAGE} messages.` })
    .nullish(),
  after: z.string().max(100).nullish(),
});

/**
 * Posts a message on a referral, from either side (insert-only; audited). Throws NotFoundError
 * (another organization's referral), InvalidInputError.
 */
export async function postMessage(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  actor: Actor,
  input: unknown,
): Promise<ReferralMessage> {
  const parsed = parseInput(postSchema, input);
  const referral = await readVisibleReferral(deps, actor, parsed.referralId);
  const message: ReferralMessage = {
    id: randomUUID(),
    referralId: referral.id,
    authorUserId: actor.userId,
    authorOrganizationId: actor.organizationId,
    body: parsed.body,
    createdAt: deps.clock.now(),
  };
  const { id, ...rest } = message;
  await deps.db.models.ReferralMessage.collection.insertOne({ _id: id as never, ...rest });
  await recordAudit(deps, actor, {
    action: 'referral.message.post',
    subjectType: 'referral',
    subjectId: referral.id,
    detail: { messageId: id },
  });
  return message;
}

export type MessagePage = {
  totalCount: number;
  edges: Array<{ cursor: string; node: ReferralMessage }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
};

function decodeCursor(cursor: string): number {
  const match = /^m:(\d{1,7})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match?.[1]) {
    throw new InvalidInputError([
      { path: 'after', message: 'This cursor is not valid. Start again from the first page.' },
    ]);
  }
  return Number(match[1]);
}

/**
 * A referral's messages, oldest first (audited as a read). Scans with a referral filter: the
 * thread is short and read far less often than referrals change. Throws NotFoundError.
 */
export async function listMessages(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  actor: Actor,
  referralId: string,
  input: unknown = {},
): Promise<MessagePage> {
  const parsed = parseInput(listSchema, input ?? {});
  const referral = await readVisibleReferral(deps, actor, referralId);
  const docs = await deps.db.models.ReferralMessage.collection
    .find({ referralId: referral.id })
    .toArray();
  const all = docs
    .map((doc): ReferralMessage => {
      const { _id, ...rest } = doc;
      return { ...(rest as Omit<ReferralMessage, 'id'>), id: String(_id) };
    })
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  const offset = parsed.after ? decodeCursor(parsed.after) : 0;
  const limit = parsed.first ?? 50;
  const page = all.slice(offset, offset + limit);
  const edges = page.map((node, i) => ({
    cursor: Buffer.from(`m:${offset + i + 1}`).toString('base64url'),
    node,
  }));
  await recordAudit(deps, actor, {
    action: 'referral.message.read',
    subjectType: 'referral',
    subjectId: referral.id,
    detail: { count: edges.length },
  });
  return {
    totalCount: all.length,
    edges,
    pageInfo: {
      hasNextPage: offset + edges.length < all.length,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
