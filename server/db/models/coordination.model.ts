import { type Connection, Schema } from 'mongoose';

/**
 * What several server processes on one database share to act as one system.
 * `job_leases`: one document per periodic job (`_id` its name) with the lease of the process
 * running it now and when the next run is due, so a period's run happens once.
 * `claims`: one insert-only record per claim on a unit of work (see server/db/leases.ts).
 * `referral_events`: a short-lived feed of referral changes (pruned by age) that every process
 * polls to tell its live subscribers about changes made through another process.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const jobLeaseSchema = new Schema(
  {
    _id: String,
    leaseOwner: String,
    leaseUntil: Date,
    claimGen: Number,
    nextRunAt: Date,
    lastRunAt: Date,
  },
  options,
);

const claimSchema = new Schema({ _id: String, owner: String, at: Date }, options);

const referralEventSchema = new Schema(
  { _id: String, referralId: String, kind: String, origin: String, at: Date },
  options,
);

/** Registers the coordination models on a connection. */
export function coordinationModels(connection: Connection) {
  return {
    JobLease: connection.model('JobLease', jobLeaseSchema, 'job_leases'),
    Claim: connection.model('Claim', claimSchema, 'claims'),
    ReferralEvent: connection.model('ReferralEvent', referralEventSchema, 'referral_events'),
  };
}
