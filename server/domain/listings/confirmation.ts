import { createHash, timingSafeEqual } from 'node:crypto';
import { isDuplicateKey } from '../../db/documents.ts';
import type { Actor } from '../accounts/actor.ts';
import { isNetworkAdmin } from '../accounts/policy.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { describeDay } from '../describe-date.ts';
import { ConflictError, NotAllowedError, UserError } from '../errors.ts';
import { enqueueNotification, notificationSettings } from '../notifications/outbox.ts';
import { confirmServiceAccurateAs } from './edit-service.ts';
import { type LoadedService, loadService } from './load.ts';

/**
 * "Still accurate?" links. A network admin (or the scheduled job) emails the agency that keeps a
 * listing a link that confirms it without a password. The link carries a token: the service, the
 * address it was sent to and an expiry, signed with a key derived from HMAC_KEY, so it cannot be
 * forged or stretched. It confirms only on POST, so mail scanners that fetch links do not. A link
 * works once (its first use is recorded by inserting a document keyed by the token's hash, an
 * atomic write, so two POSTs at once cannot both confirm), and only while the listing is as it
 * was when the link was issued (the token carries the listing's `last_modified`).
 */

const PURPOSE = 'listing-confirmation';
const VERSION = 'v1';

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher' | 'settings'>;

/** What a confirmation token says. */
export type ConfirmationClaims = {
  serviceId: string;
  email: string;
  expiresAt: Date;
  /** The listing's last_modified when the link was issued ('' for none); absent in older links. */
  modified?: string;
};

/**
 * A confirmation link that cannot be used: not one of ours or altered, out of date, used
 * already, or about a listing that has changed since it was issued.
 */
export class ConfirmationLinkError extends UserError {
  readonly reason: 'invalid' | 'expired' | 'used' | 'changed';
  constructor(reason: ConfirmationLinkError['reason'], message: string) {
    super(reason === 'used' || reason === 'changed' ? 'CONFLICT' : 'INVALID_INPUT', message);
    this.reason = reason;
  }
}

/** Signs a token for these claims. */
export function createConfirmationToken(
  deps: Pick<DomainDeps, 'cipher'>,
  claims: ConfirmationClaims,
): string {
  const payload = Buffer.from(
    JSON.stringify({
      s: claims.serviceId,
      e: claims.email,
      x: Math.floor(claims.expiresAt.getTime() / 1000),
      ...(claims.modified === undefined ? {} : { m: claims.modified }),
    }),
  ).toString('base64url');
  const body = `${VERSION}.${payload}`;
  return `${body}.${deps.cipher.sign(PURPOSE, body)}`;
}

const INVALID =
  'This confirmation link is not valid. Copy the whole link from the email, or sign in to ' +
  'Wayfinder to confirm the listing.';

/** Checks a token's signature and expiry. Throws ConfirmationLinkError. */
export function readConfirmationToken(
  deps: Pick<DomainDeps, 'cipher' | 'clock'>,
  token: unknown,
): ConfirmationClaims {
  if (typeof token !== 'string' || token.length > 4000) {
    throw new ConfirmationLinkError('invalid', INVALID);
  }
  const [version, payload, signature, ...rest] = token.split('.');
  if (version !== VERSION || !payload || !signature || rest.length > 0) {
    throw new ConfirmationLinkError('invalid', INVALID);
  }
  const expected = Buffer.from(deps.cipher.sign(PURPOSE, `${version}.${payload}`));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new ConfirmationLinkError('invalid', INVALID);
  }
  let claims: { s?: unknown; e?: unknown; x?: unknown; m?: unknown };
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw new ConfirmationLinkError('invalid', INVALID);
  }
  if (
    typeof claims.s !== 'string' ||
    typeof claims.e !== 'string' ||
    typeof claims.x !== 'number' ||
    (claims.m !== undefined && typeof claims.m !== 'string')
  ) {
    throw new ConfirmationLinkError('invalid', INVALID);
  }
  const expiresAt = new Date(claims.x * 1000);
  if (deps.clock.now().getTime() >= expiresAt.getTime()) {
    throw new ConfirmationLinkError(
      'expired',
      `This confirmation link expired on ${describeDay(expiresAt)}. Sign in to Wayfinder to ` +
        'confirm the listing, or ask the network office for a new link.',
    );
  }
  return {
    serviceId: claims.s,
    email: claims.e,
    expiresAt,
    ...(typeof claims.m === 'string' ? { modified: claims.m } : {}),
  };
}

const USED =
  'This confirmation link has been used already. Each link confirms a listing once; sign in to ' +
  'Wayfinder to confirm it again.';
const CHANGED =
  'This listing has changed since this link was sent, so the link no longer confirms it. Sign ' +
  'in to Wayfinder to check the listing and confirm it.';

const useId = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Throws ConfirmationLinkError('changed') when the listing moved on since the link was issued. */
function assertUnchanged(claims: ConfirmationClaims, service: LoadedService['service']): void {
  // Links issued before links carried the listing's state are checked for single use only.
  if (claims.modified === undefined) return;
  if ((service.last_modified ?? '') !== claims.modified) {
    throw new ConfirmationLinkError('changed', CHANGED);
  }
}

/** What the confirmation page shows before the agency confirms. */
export type ConfirmationPreview = {
  serviceName: string;
  organizationName: string;
  assuredDate: string | null;
  expiresAt: Date;
};

async function organizationName(deps: Pick<DomainDeps, 'db'>, id: string): Promise<string> {
  const org = await deps.db.models.Organization.collection.findOne({ _id: id as never });
  return org ? String(org.name) : 'your organization';
}

/**
 * Reads a link's listing for the confirmation page, changing nothing. Throws
 * ConfirmationLinkError, NotFoundError (the service is gone).
 */
export async function previewListingConfirmation(
  deps: Deps,
  token: unknown,
): Promise<ConfirmationPreview> {
  const claims = readConfirmationToken(deps, token);
  const { service } = await loadService(deps, claims.serviceId);
  const used = await deps.db.models.ListingConfirmationUse.collection.findOne({
    _id: useId(String(token)) as never,
  });
  if (used) throw new ConfirmationLinkError('used', USED);
  assertUnchanged(claims, service);
  return {
    serviceName: service.name,
    organizationName: await organizationName(deps, service.organization_id),
    assuredDate: service.assured_date ?? null,
    expiresAt: claims.expiresAt,
  };
}

/**
 * Confirms a listing accurate by link, once: assured today by the address the link was sent to,
 * like confirmServiceAccurate, and audited. Throws ConfirmationLinkError (also when the link was
 * used already or the listing changed since it was issued), NotFoundError.
 */
export async function confirmListingByLink(
  deps: Deps,
  token: unknown,
): Promise<{ serviceName: string; assuredDate: string }> {
  const claims = readConfirmationToken(deps, token);
  // Used up first, then checked: a link about a changed listing can never work again anyway.
  try {
    await deps.db.models.ListingConfirmationUse.collection.insertOne({
      _id: useId(String(token)) as never,
      serviceId: claims.serviceId,
      at: deps.clock.now(),
      expiresAt: claims.expiresAt,
    });
  } catch (error) {
    if (isDuplicateKey(error)) throw new ConfirmationLinkError('used', USED);
    throw error;
  }
  assertUnchanged(claims, (await loadService(deps, claims.serviceId)).service);
  const saved = await confirmServiceAccurateAs(deps, claims.serviceId, claims.email);
  await recordAudit(deps, null, {
    action: 'listing.confirm.link',
    subjectType: 'service',
    subjectId: saved.id,
    detail: { email: claims.email },
  });
  return { serviceName: saved.name, assuredDate: saved.assured_date ?? '' };
}

/**
 * Who is asked about a listing: the organization's email in the directory, else the agency staff
 * and org admins of whoever keeps it (the organization itself on the network, or the agency whose
 * claim was approved). A scan of users by organization; users are few.
 */
async function contactsFor(deps: Pick<DomainDeps, 'db'>, loaded: LoadedService) {
  const { service, claimedBy } = loaded;
  const org = await deps.db.models.Organization.collection.findOne({
    _id: service.organization_id as never,
  });
  if (typeof org?.email === 'string' && org.email) return [org.email.toLowerCase()];
  const keepers = [service.organization_id, ...(claimedBy ? [claimedBy] : [])];
  const users = await deps.db.models.User.collection
    .find({ organizationId: { $in: keepers } })
    .toArray();
  const emails = users
    .filter((u) => (u.role === 'agency_staff' || u.role === 'org_admin') && u.disabled !== true)
    .map((u) => String(u.email));
  return [...new Set(emails)].sort();
}

/** A queued "still accurate?" request. */
export type ConfirmationRequest = { serviceId: string; recipients: number; expiresAt: Date };

/**
 * Queues one "still accurate?" email per contact of the listing's agency, each outbox entry keyed
 * `<requestId>:<n>` so queuing the same request twice sends nothing more. Throws ConflictError
 * when the agency has no contact.
 */
export async function queueConfirmationRequest(
  deps: Deps,
  loaded: LoadedService,
  requestId: string,
): Promise<ConfirmationRequest> {
  const { service } = loaded;
  const recipients = await contactsFor(deps, loaded);
  const agencyName = await organizationName(deps, service.organization_id);
  if (recipients.length === 0) {
    throw new ConflictError(
      `Nobody can be asked about this listing: ${agencyName} has no email in the directory and ` +
        'no staff on Wayfinder.',
    );
  }
  const expiresAt = new Date(
    deps.clock.now().getTime() + deps.settings.listingConfirmationLinkDays * 86_400_000,
  );
  const appUrl = notificationSettings(deps)?.appUrl ?? '';
  for (const [n, email] of recipients.entries()) {
    const token = createConfirmationToken(deps, {
      serviceId: service.id,
      email,
      expiresAt,
      modified: service.last_modified ?? '',
    });
    await enqueueNotification(deps, {
      id: `${requestId}:${n}`,
      channel: 'email',
      to: email,
      template: 'listing.confirm',
      data: {
        serviceName: service.name,
        agencyName,
        link: `${appUrl}/listings/confirm?token=${encodeURIComponent(token)}`,
        expires: describeDay(expiresAt),
      },
    });
  }
  return { serviceId: service.id, recipients: recipients.length, expiresAt };
}

/**
 * The request period a time falls in: requests about one listing are keyed by it, so at most one
 * goes out per LISTING_CONFIRMATION_EVERY_DAYS.
 */
export function confirmationPeriod(deps: Pick<DomainDeps, 'clock' | 'settings'>): number {
  return Math.floor(
    deps.clock.now().getTime() / (deps.settings.listingConfirmationEveryDays * 86_400_000),
  );
}

/**
 * Emails the agency that keeps a listing a link to confirm it is still accurate (network admins).
 * Counts as this period's request, so the scheduled job does not ask again. Throws
 * NotAllowedError, NotFoundError, ConflictError (nobody to ask).
 */
export async function requestListingConfirmation(
  deps: Deps,
  actor: Actor,
  serviceId: string,
): Promise<ConfirmationRequest> {
  if (!isNetworkAdmin(actor)) {
    throw new NotAllowedError('Only network admins can ask agencies to confirm listings.');
  }
  const loaded = await loadService(deps, serviceId);
  const at = deps.clock.now();
  const request = await queueConfirmationRequest(
    deps,
    loaded,
    `listing-confirm:${serviceId}:manual:${at.getTime().toString(36)}`,
  );
  await markRequested(deps, serviceId, confirmationPeriod(deps), 'admin');
  await recordAudit(deps, actor, {
    action: 'listing.confirm.request',
    subjectType: 'service',
    subjectId: serviceId,
    detail: { recipients: request.recipients },
  });
  return request;
}

/** Records this period's request for a listing; false when one was already recorded. */
export async function markRequested(
  deps: Pick<DomainDeps, 'db' | 'clock'>,
  serviceId: string,
  period: number,
  by: 'admin' | 'schedule',
): Promise<boolean> {
  try {
    await deps.db.models.ListingConfirmationRequest.collection.insertOne({
      _id: `${serviceId}:${period}` as never,
      serviceId,
      period,
      by,
      at: deps.clock.now(),
    });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
