import type { Document } from 'mongodb';
import { z } from 'zod';
import { isDuplicateKey } from '../../db/documents.ts';
import type { Actor } from '../accounts/actor.ts';
import { canClaimOrganization, isNetworkAdmin } from '../accounts/policy.ts';
import { getMember, getUser } from '../accounts/users.ts';
import { recordAudit } from '../audit/audit.ts';
import type { DomainDeps } from '../deps.ts';
import { describeTime } from '../describe-date.ts';
import { ConflictError, NotAllowedError, NotFoundError, NotSignedInError } from '../errors.ts';
import { parseInput } from '../validate.ts';
import { decideOnce, undoDecision } from './decisions.ts';

/**
 * Claiming imported organizations. An organization imported from HSDS data whose agency is not on
 * the network has nobody to keep its listings true; an agency on the network claims it, a network
 * admin approves or rejects the claim, and approval makes the claimant its owner (see
 * `canEditListing`). The claim is one document; approval also inserts the organization's owner
 * document (`_id` the organization's id), which can exist only once. Each decision is first
 * recorded once per claim and round (a claim made again after a rejection is a new round, told
 * apart by its `createdAt`), so two concurrent decisions on one claim cannot both win.
 */

export const claimStatuses = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

/** An agency's claim to keep an imported organization's listings. */
export type OrganizationClaim = {
  id: string;
  organizationId: string;
  organizationName: string;
  claimantOrganizationId: string;
  claimantOrganizationName: string;
  claimantUserId: string;
  claimantEmail: string;
  note: string;
  status: ClaimStatus;
  createdAt: Date;
  decidedAt: Date | null;
  decidedByUserId: string | null;
  /** Why a network admin rejected it. */
  reason: string | null;
};

type Deps = Pick<DomainDeps, 'db' | 'clock'>;

const claimSchema = z.object({
  organizationId: z.string().trim().min(1, { error: 'Choose an organization.' }).max(200),
  note: z
    .string({ error: 'Tell the network admins how you are connected to this organization.' })
    .trim()
    .min(1, { error: 'Tell the network admins how you are connected to this organization.' })
    .max(2000, { error: 'Keep the note under 2000 characters.' }),
});

const rejectSchema = z.object({
  claimId: z.string().min(1).max(500),
  reason: z
    .string({ error: 'Give a reason, so the agency knows what to do next.' })
    .trim()
    .min(1, { error: 'Give a reason, so the agency knows what to do next.' })
    .max(1000, { error: 'Keep the reason under 1000 characters.' }),
});

const MAX_PAGE = 100;
const listSchema = z.object({
  status: z.enum(claimStatuses).nullish(),
  first: z
    .number()
    .int()
    .min(1, { error: `Ask for between 1 and ${MAX_PAGE} claims.` })
    .max(MAX_PAGE, { error: `Ask for between 1 and ${MAX_PAGE} claims.` })
    .nullish(),
});

function fromDoc(doc: Document): OrganizationClaim {
  return {
    id: String(doc._id),
    organizationId: String(doc.organizationId),
    organizationName: String(doc.organizationName),
    claimantOrganizationId: String(doc.claimantOrganizationId),
    claimantOrganizationName: String(doc.claimantOrganizationName),
    claimantUserId: String(doc.claimantUserId),
    claimantEmail: String(doc.claimantEmail),
    note: String(doc.note),
    status: doc.status as ClaimStatus,
    createdAt: new Date(doc.createdAt as Date),
    decidedAt: doc.decidedAt ? new Date(doc.decidedAt as Date) : null,
    decidedByUserId: (doc.decidedByUserId as string | null) ?? null,
    reason: (doc.reason as string | null) ?? null,
  };
}

async function loadClaim(deps: Pick<DomainDeps, 'db'>, id: string): Promise<OrganizationClaim> {
  const doc = await deps.db.models.OrganizationClaim.collection.findOne({ _id: id as never });
  if (!doc) throw new NotFoundError('claim', id);
  return fromDoc(doc);
}

/** "This claim was already approved on 3 May at 14:02 UTC." */
function alreadyDecided(claim: Pick<OrganizationClaim, 'status' | 'decidedAt'>): ConflictError {
  const when = claim.decidedAt ? ` on ${describeTime(claim.decidedAt)}` : '';
  return new ConflictError(`This claim was already ${claim.status.toLowerCase()}${when}.`);
}

const decisionKey = (claim: OrganizationClaim) => `claim:${claim.id}:${claim.createdAt.getTime()}`;

/**
 * Records this decision on the claim's round, or throws the conflict naming the decision taken
 * first by a concurrent request.
 */
async function decide(
  deps: Deps,
  claim: OrganizationClaim,
  status: ClaimStatus,
  at: Date,
  byUserId: string,
) {
  const earlier = await decideOnce(deps, decisionKey(claim), { status, at, byUserId });
  if (earlier) throw alreadyDecided({ status: earlier.status, decidedAt: earlier.at });
}

/** Writes a decision already recorded by `decide` onto the claim of that round. */
async function writeDecision(
  deps: Deps,
  claim: OrganizationClaim,
  set: Pick<OrganizationClaim, 'status' | 'decidedAt' | 'decidedByUserId' | 'reason'>,
): Promise<OrganizationClaim> {
  const written = await deps.db.models.OrganizationClaim.collection.findOneAndUpdate(
    { _id: claim.id as never, status: 'PENDING', createdAt: claim.createdAt },
    { $set: set },
    { returnDocument: 'after' },
  );
  if (!written) throw alreadyDecided(await loadClaim(deps, claim.id));
  return fromDoc(written);
}

async function assertNotOnNetwork(deps: Deps, organizationId: string) {
  const member = await deps.db.models.Member.collection.findOne({ _id: organizationId as never });
  if (member) {
    throw new ConflictError(
      'This organization is on the network itself, so its own staff keep its listings.',
    );
  }
}

/** Refuses a claim on an organization that already has someone to keep its listings. */
async function assertUnowned(deps: Deps, organizationId: string, claimantOrganizationId: string) {
  if (organizationId === claimantOrganizationId) {
    throw new ConflictError('Your agency already keeps this organization’s listings.');
  }
  await assertNotOnNetwork(deps, organizationId);
  const owner = await deps.db.models.OrganizationOwner.collection.findOne({
    _id: organizationId as never,
  });
  if (owner) {
    throw new ConflictError(
      String(owner.ownerOrganizationId) === claimantOrganizationId
        ? 'Your agency already keeps this organization’s listings.'
        : 'Another agency already keeps this organization’s listings.',
    );
  }
}

/**
 * Claims an imported organization that nobody keeps, for the actor's agency (agency staff and org
 * admins of an agency). A rejected claim may be made again. Throws NotAllowedError,
 * InvalidInputError, NotFoundError, ConflictError.
 */
export async function claimOrganization(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<OrganizationClaim> {
  if (!canClaimOrganization(actor)) {
    throw new NotAllowedError('Only agency staff and organization admins can claim listings.');
  }
  const claimant = await getMember(deps, actor.organizationId);
  if (!claimant.kinds.includes('agency')) {
    throw new NotAllowedError('Only agencies on the network can claim listings.');
  }
  const parsed = parseInput(claimSchema, input);
  const organization = await deps.db.models.Organization.collection.findOne({
    _id: parsed.organizationId as never,
  });
  if (!organization) throw new NotFoundError('organization', parsed.organizationId);
  await assertUnowned(deps, parsed.organizationId, claimant.id);
  const user = await getUser(deps, actor.userId);
  if (!user) throw new NotSignedInError();

  const claim: OrganizationClaim = {
    id: `${parsed.organizationId}:${claimant.id}`,
    organizationId: parsed.organizationId,
    organizationName: String(organization.name),
    claimantOrganizationId: claimant.id,
    claimantOrganizationName: claimant.name,
    claimantUserId: user.id,
    claimantEmail: user.email,
    note: parsed.note,
    status: 'PENDING',
    createdAt: deps.clock.now(),
    decidedAt: null,
    decidedByUserId: null,
    reason: null,
  };
  const { id, ...rest } = claim;
  const { OrganizationClaim: claims } = deps.db.models;
  try {
    await claims.collection.insertOne({ _id: id as never, ...rest });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    // One claim per organization and agency: only a rejected one may be made again.
    const renewed = await claims.collection.findOneAndUpdate(
      { _id: id as never, status: 'REJECTED' },
      { $set: rest },
      { returnDocument: 'after' },
    );
    if (!renewed) {
      const existing = await loadClaim(deps, id);
      throw existing.status === 'PENDING'
        ? new ConflictError(
            'Your agency already claimed this organization; a network admin will review it.',
          )
        : alreadyDecided(existing);
    }
  }
  await recordAudit(deps, actor, {
    action: 'organization.claim',
    subjectType: 'organization',
    subjectId: claim.organizationId,
    detail: { claimId: id, claimantOrganizationId: claimant.id },
  });
  return claim;
}

/**
 * Approves a pending claim (network admins): the claimant becomes the organization's owner and
 * its staff may edit the organization's services. Throws NotAllowedError, NotFoundError,
 * ConflictError (decided already, or the organization got an owner meanwhile).
 */
export async function approveOrganizationClaim(
  deps: Deps,
  actor: Actor,
  claimId: string,
): Promise<OrganizationClaim> {
  if (!isNetworkAdmin(actor)) throw new NotAllowedError('Only network admins can approve claims.');
  const claim = await loadClaim(deps, claimId);
  if (claim.status !== 'PENDING') throw alreadyDecided(claim);
  const owners = deps.db.models.OrganizationOwner;
  const at = deps.clock.now();
  await assertNotOnNetwork(deps, claim.organizationId);
  await decide(deps, claim, 'APPROVED', at, actor.userId);
  // The owner document is the fact the listing policy reads, inserted once per organization, so
  // two approvals of rival claims cannot both win.
  try {
    await owners.collection.insertOne({
      _id: claim.organizationId as never,
      ownerOrganizationId: claim.claimantOrganizationId,
      claimId: claim.id,
      at,
    });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const owner = await owners.collection.findOne({ _id: claim.organizationId as never });
    // Our own earlier, interrupted approval: finish it.
    if (owner?.claimId !== claim.id) {
      await undoDecision(deps, decisionKey(claim));
      throw new ConflictError('Another agency already keeps this organization’s listings.');
    }
  }
  const approved = await writeDecision(deps, claim, {
    status: 'APPROVED',
    decidedAt: at,
    decidedByUserId: actor.userId,
    reason: null,
  });
  await recordAudit(deps, actor, {
    action: 'organization.claim.approve',
    subjectType: 'organization',
    subjectId: claim.organizationId,
    detail: { claimId: claim.id, claimantOrganizationId: claim.claimantOrganizationId },
  });
  return approved;
}

/**
 * Rejects a pending claim with a reason the claimant reads (network admins). Throws
 * NotAllowedError, InvalidInputError, NotFoundError, ConflictError.
 */
export async function rejectOrganizationClaim(
  deps: Deps,
  actor: Actor,
  input: unknown,
): Promise<OrganizationClaim> {
  if (!isNetworkAdmin(actor)) throw new NotAllowedError('Only network admins can reject claims.');
  const parsed = parseInput(rejectSchema, input);
  const pending = await loadClaim(deps, parsed.claimId);
  if (pending.status !== 'PENDING') throw alreadyDecided(pending);
  const at = deps.clock.now();
  await decide(deps, pending, 'REJECTED', at, actor.userId);
  const claim = await writeDecision(deps, pending, {
    status: 'REJECTED',
    decidedAt: at,
    decidedByUserId: actor.userId,
    reason: parsed.reason,
  });
  await recordAudit(deps, actor, {
    action: 'organization.claim.reject',
    subjectType: 'organization',
    subjectId: claim.organizationId,
    detail: { claimId: claim.id, claimantOrganizationId: claim.claimantOrganizationId },
  });
  return claim;
}

/**
 * Claims, newest first: every claim for network admins, the claims of their own organization for
 * anyone else. Scans the claims, which are few. Throws InvalidInputError.
 */
export async function listOrganizationClaims(
  deps: Pick<DomainDeps, 'db'>,
  actor: Actor,
  input: unknown,
): Promise<OrganizationClaim[]> {
  const parsed = parseInput(listSchema, input ?? {});
  const filter: Record<string, unknown> = {};
  if (parsed.status) filter.status = parsed.status;
  if (!isNetworkAdmin(actor)) filter.claimantOrganizationId = actor.organizationId;
  const docs = await deps.db.models.OrganizationClaim.collection
    .find(filter)
    .sort({ createdAt: -1, _id: 1 })
    .limit(parsed.first ?? 20)
    .toArray();
  return docs.map(fromDoc);
}

/**
 * Whether an organization may be claimed: it exists, it is not on the network itself, and no
 * agency keeps it by an approved claim..
 */
export async function isOrganizationClaimable(
  deps: Pick<DomainDeps, 'db'>,
  organizationId: string,
): Promise<boolean> {
  const { Member, OrganizationOwner } = deps.db.models;
  const [member, owner] = await Promise.all([
    Member.collection.findOne({ _id: organizationId as never }, { projection: { _id: 1 } }),
    OrganizationOwner.collection.findOne(
      { _id: organizationId as never },
      { projection: { _id: 1 } },
    ),
  ]);
  return !member && !owner;
}

/** The organizations whose listings an agency keeps by an approved claim (a scan; owners are few). */
export async function claimedOrganizationsOf(
  deps: Pick<DomainDeps, 'db'>,
  agencyId: string,
): Promise<string[]> {
  const docs = await deps.db.models.OrganizationOwner.collection
    .find({ ownerOrganizationId: agencyId }, { projection: { _id: 1 } })
    .toArray();
  return docs.map((d) => String(d._id));
}
