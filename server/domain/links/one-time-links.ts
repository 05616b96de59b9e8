import { createHash, timingSafeEqual } from 'node:crypto';
import { isDuplicateKey } from '../../db/documents.ts';
import type { DomainDeps } from '../deps.ts';
import { describeDay } from '../describe-date.ts';
import { UserError } from '../errors.ts';

/**
 * One-time links for people without an account: a client answering a screening on their phone,
 * or a feedback survey after a referral closes. A token carries a purpose, a few claims and an
 * expiry, signed with a key derived from HMAC_KEY for that purpose (so a token for one purpose is
 * never valid for another). Using a link inserts a record keyed by the token's hash, the one write
 * FerretDB makes atomic, so two submissions at once cannot both count.
 *
 * Claims are not encrypted: put ids in them, never a client's name or answers.
 */

const VERSION = 'l1';

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

/** What a link's error messages say, in words that fit its purpose. */
export type LinkWording = {
  /** e.g. 'This screening link' */
  subject: string;
  /** What to do instead, e.g. 'Ask your care coordinator for a new link.' */
  instead: string;
};

/** A link that cannot be used: not one of ours or altered, expired, or used already. */
export class OneTimeLinkError extends UserError {
  readonly reason: 'invalid' | 'expired' | 'used';
  constructor(reason: OneTimeLinkError['reason'], message: string) {
    super(reason === 'used' ? 'CONFLICT' : 'INVALID_INPUT', message);
    this.reason = reason;
  }
}

export type LinkClaims = Record<string, string>;

/** Signs a token for `purpose` with these claims, valid until `expiresAt`. */
export function signOneTimeLink(
  deps: Pick<DomainDeps, 'cipher'>,
  purpose: string,
  claims: LinkClaims,
  expiresAt: Date,
): string {
  const payload = Buffer.from(
    JSON.stringify({ c: claims, x: Math.floor(expiresAt.getTime() / 1000) }),
  ).toString('base64url');
  const body = `${VERSION}.${payload}`;
  return `${body}.${deps.cipher.sign(purpose, body)}`;
}

/** Checks a token's signature and expiry, changing nothing. Throws OneTimeLinkError. */
export function readOneTimeLink(
  deps: Pick<DomainDeps, 'cipher' | 'clock'>,
  purpose: string,
  token: unknown,
  wording: LinkWording,
): { claims: LinkClaims; expiresAt: Date } {
  const invalid = () =>
    new OneTimeLinkError(
      'invalid',
      `${wording.subject} is not valid. Copy the whole link from the message. ${wording.instead}`,
    );
  if (typeof token !== 'string' || token.length > 4000) throw invalid();
  const [version, payload, signature, ...rest] = token.split('.');
  if (version !== VERSION || !payload || !signature || rest.length > 0) throw invalid();
  const expected = Buffer.from(deps.cipher.sign(purpose, `${version}.${payload}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
  let parsed: { c?: unknown; x?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const claims = parsed.c;
  if (
    typeof parsed.x !== 'number' ||
    !claims ||
    typeof claims !== 'object' ||
    Object.values(claims).some((value) => typeof value !== 'string')
  ) {
    throw invalid();
  }
  const expiresAt = new Date(parsed.x * 1000);
  if (deps.clock.now().getTime() >= expiresAt.getTime()) {
    throw new OneTimeLinkError(
      'expired',
      `${wording.subject} expired on ${describeDay(expiresAt)}. ${wording.instead}`,
    );
  }
  return { claims: claims as LinkClaims, expiresAt };
}

const useId = (token: string) => createHash('sha256').update(token).digest('base64url');

function usedError(wording: LinkWording): OneTimeLinkError {
  return new OneTimeLinkError(
    'used',
    `${wording.subject} has been used already; each link works once. ${wording.instead}`,
  );
}

/** Reads a link for a page that shows it before it is used. Throws OneTimeLinkError. */
export async function previewOneTimeLink(
  deps: Deps,
  purpose: string,
  token: unknown,
  wording: LinkWording,
): Promise<{ claims: LinkClaims; expiresAt: Date }> {
  const read = readOneTimeLink(deps, purpose, token, wording);
  const used = await deps.db.models.OneTimeLinkUse.collection.findOne({
    _id: useId(String(token)) as never,
  });
  if (used) throw usedError(wording);
  return read;
}

/**
 * Uses a link up: checks it, then records its use atomically. Throws OneTimeLinkError ('used'
 * when this or a simultaneous request used it first). Do the use before writing what the link
 * carries, and validate the submission before the use, so a bad submission does not burn the link.
 */
export async function useOneTimeLink(
  deps: Deps,
  purpose: string,
  token: unknown,
  wording: LinkWording,
  subject = '',
): Promise<{ claims: LinkClaims; expiresAt: Date }> {
  const read = readOneTimeLink(deps, purpose, token, wording);
  try {
    await deps.db.models.OneTimeLinkUse.collection.insertOne({
      _id: useId(String(token)) as never,
      purpose,
      subject,
      at: deps.clock.now(),
      expiresAt: read.expiresAt,
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw usedError(wording);
    throw error;
  }
  return read;
}
