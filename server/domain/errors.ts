/**
 * The user-facing error vocabulary. A UserError carries a stable `code` and a sentence written for
 * a coordinator; anything that is not a UserError is an internal failure and is masked at the edge.
 */

export type ErrorCode =
  | 'NOT_SIGNED_IN'
  | 'NOT_ALLOWED'
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'CONFLICT'
  | 'CONSENT_MISSING'
  | 'NOT_ON_NETWORK'
  | 'RATE_LIMITED'
  | 'SEARCH_UNAVAILABLE'
  | 'NO_RIDE_SERVICE';

export type FieldIssue = { path: string; message: string };

export class UserError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  constructor(code: ErrorCode, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.issues = issues;
  }

  /**
   * What an API shows besides the message. GraphQL copies an original error's `extensions` onto
   * the error it reports, so a UserError reaches clients with its code and needs no re-wrapping.
   */
  get extensions(): { code: ErrorCode; issues?: FieldIssue[] } {
    return this.issues.length > 0 ? { code: this.code, issues: this.issues } : { code: this.code };
  }
}

export class NotSignedInError extends UserError {
  constructor(message = 'Please sign in to continue.') {
    super('NOT_SIGNED_IN', message);
  }
}

export class NotAllowedError extends UserError {
  constructor(message = 'You do not have access to this.') {
    super('NOT_ALLOWED', message);
  }
}

export class NotFoundError extends UserError {
  /** What kind of record was missing ("client", "service"), for callers that point at a field. */
  readonly what: string;

  constructor(what: string, id: string) {
    super('NOT_FOUND', `No ${what} has the id "${id}".`);
    this.what = what;
  }
}

export class InvalidInputError extends UserError {
  constructor(issues: FieldIssue[], message?: string) {
    super('INVALID_INPUT', message ?? InvalidInputError.summarize(issues), issues);
  }

  /** One sentence naming every offending field, so a single message is still actionable. */
  static summarize(issues: FieldIssue[]): string {
    if (issues.length === 0) return 'The request is not valid.';
    return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join(' ');
  }
}

export class ConflictError extends UserError {
  constructor(message: string) {
    super('CONFLICT', message);
  }
}

export class ConsentMissingError extends UserError {
  constructor(message = 'Record the client’s consent before sending this referral.') {
    super('CONSENT_MISSING', message);
  }
}

/** The agency is not on the referral network: the sentence says what to do instead. */
export class NotOnNetworkError extends UserError {
  constructor(agencyName: string) {
    super(
      'NOT_ON_NETWORK',
      `${agencyName} is not on the referral network, so it cannot receive referrals here. ` +
        'Call them at the number on the listing, or add the service to the client’s resource list and send it by text or email.',
    );
  }
}

export class TooManyAttemptsError extends UserError {
  /** Whole minutes until the next attempt is allowed (at least 1). */
  readonly retryAfterMinutes: number;
  constructor(retryAfterMinutes: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterMinutes));
    super(
      'RATE_LIMITED',
      `Too many sign-in attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`,
    );
    this.retryAfterMinutes = minutes;
  }
}

/** Too many of something in a window (other than sign-in attempts, which say so themselves). */
export class RateLimitedError extends UserError {
  constructor(message: string) {
    super('RATE_LIMITED', message);
  }
}

/** The search engine did not answer; `cause` holds why, for the log. */
export class SearchUnavailableError extends UserError {
  constructor(cause: unknown) {
    super('SEARCH_UNAVAILABLE', 'Search is unavailable right now. Please try again in a minute.');
    this.cause = cause;
  }
}
