import { createHash } from 'node:crypto';
import { z } from 'zod';
import { topLevelCodes } from '../directory/need-categories.ts';
import { isCategoryCode } from '../directory/taxonomy.ts';
import { outcomes, reasonCodes, referralStatuses, urgencies } from './state-machine.ts';

/** The longest note a referral or a transition may carry. */
export const MAX_NOTE = 2000;
const MAX_PAGE = 100;

const noteSchema = z
  .string()
  .max(MAX_NOTE, { error: `The note must be at most ${MAX_NOTE} characters.` })
  .nullish();
const idSchema = z.string().min(1, { error: 'An id is required.' }).max(200);

/** What createReferral accepts. */
export const createSchema = z.object({
  clientId: idSchema,
  consentId: idSchema,
  serviceId: idSchema,
  serviceAtLocationId: idSchema.nullish(),
  needs: z
    .array(z.string())
    .min(1, { error: 'Name at least one need.' })
    .max(10, { error: 'Name at most 10 needs.' })
    .superRefine((codes, ctx) => {
      for (const [i, code] of codes.entries()) {
        if (!isCategoryCode(code)) {
          ctx.addIssue({
            code: 'custom',
            path: [i],
            message: `Unknown category "${code}". Use one of: ${topLevelCodes.join(', ')}.`,
          });
        }
      }
    }),
  urgency: z.enum(urgencies, { error: `Urgency must be one of: ${urgencies.join(', ')}.` }),
  note: noteSchema,
  idempotencyKey: z.string().regex(/^[A-Za-z0-9_.:-]{8,100}$/, {
    error: 'The idempotency key must be 8–100 letters, digits or _ . : -',
  }),
  send: z.boolean().nullish(),
});

/** What transitionReferral accepts. */
export const transitionSchema = z.object({
  referralId: idSchema,
  expectedVersion: z
    .number()
    .int()
    .min(1, { error: 'The expected version must be a whole number from 1.' }),
  to: z.enum(referralStatuses, { error: `Status must be one of: ${referralStatuses.join(', ')}.` }),
  reasonCode: z
    .enum(reasonCodes, { error: `Reason must be one of: ${reasonCodes.join(', ')}.` })
    .nullish(),
  reasonText: z.string().nullish(),
  outcome: z.enum(outcomes, { error: `Outcome must be one of: ${outcomes.join(', ')}.` }).nullish(),
  note: noteSchema,
});

/** What listReferrals accepts. */
export const listSchema = z.object({
  status: z.enum(referralStatuses).nullish(),
  overdueOnly: z.boolean().nullish(),
  first: z
    .number()
    .int()
    .min(1, { error: `Ask for between 1 and ${MAX_PAGE} referrals.` })
    .max(MAX_PAGE, { error: `Ask for between 1 and ${MAX_PAGE} referrals.` })
    .nullish(),
  after: z.string().max(100).nullish(),
  /** Any of these statuses (with `status`, both must hold). */
  statuses: z.array(z.enum(referralStatuses)).max(referralStatuses.length).nullish(),
  /** Only referrals addressed to this organization. */
  receivingOrganizationId: idSchema.nullish(),
  /** Only referrals for this client. */
  clientId: idSchema.nullish(),
  /** Only referrals changed strictly after / before these instants. */
  updatedAfter: z.date().nullish(),
  updatedBefore: z.date().nullish(),
});

export type CreateReferralInput = z.output<typeof createSchema>;

/** A digest of what a create asked for, so a reused idempotency key for another referral is caught. */
export function fingerprint(input: CreateReferralInput): string {
  const canonical = JSON.stringify([
    input.clientId,
    input.consentId,
    input.serviceId,
    input.serviceAtLocationId ?? null,
    [...input.needs].sort(),
    input.urgency,
    input.note ?? null,
    input.send ?? false,
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}
