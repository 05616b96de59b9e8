import {
  ConflictError,
  ConsentMissingError,
  InvalidInputError,
  NotAllowedError,
  NotFoundError,
  NotOnNetworkError,
  NotSignedInError,
  UserError,
} from '../domain/errors.ts';

/** A FHIR R4 JSON value: resources are built as plain objects. */
export type Json = Record<string, unknown>;

/** One problem with a request, at a FHIRPath location when it is about an element. */
export type FhirIssue = {
  /** The issue-type code (invalid, required, value, not-found, business-rule, conflict …). */
  code: string;
  /** A sentence for the integration engineer. */
  text: string;
  /** FHIRPath of the element at fault, e.g. `Bundle.entry[0].resource.subject`. */
  expression?: string;
};

/** An answer of OperationOutcome with an HTTP status: thrown anywhere below the router. */
export class FhirError extends Error {
  readonly status: number;
  readonly issues: FhirIssue[];

  constructor(status: number, issues: FhirIssue[]) {
    super(issues.map((i) => i.text).join(' '));
    this.status = status;
    this.issues = issues;
  }
}

/** 400 with one issue at `expression`. */
export function invalid(expression: string | undefined, text: string, code = 'invalid'): FhirError {
  return new FhirError(400, [{ code, text, ...(expression ? { expression } : {}) }]);
}

export function operationOutcome(issues: readonly FhirIssue[]): Json {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((i) => ({
      severity: 'error',
      code: i.code,
      details: { text: i.text },
      ...(i.expression ? { expression: [i.expression] } : {}),
    })),
  };
}

/**
 * Where a domain error points in the FHIR request: the field path of a domain issue (`consentId`,
 * `needs.0`) and the kind of a missing record (`client`), each to a FHIRPath. Unknown ones give
 * no expression.
 */
export type FieldPaths = {
  fields?: Record<string, string>;
  missing?: Record<string, string>;
};

function fieldExpression(paths: FieldPaths, field: string): string | undefined {
  const head = field.split('.')[0] ?? field;
  return paths.fields?.[field] ?? paths.fields?.[head];
}

/**
 * The OperationOutcome answer for a domain error. Reads of something missing or hidden are 404;
 * a write naming a missing record is 422 at the reference that named it.
 */
export function fromUserError(error: UserError, paths: FieldPaths = {}): FhirError {
  if (error instanceof InvalidInputError) {
    const issues = error.issues.length > 0 ? error.issues : [{ path: '', message: error.message }];
    return new FhirError(
      422,
      issues.map((i) => {
        const expression = fieldExpression(paths, i.path);
        return { code: 'business-rule', text: i.message, ...(expression ? { expression } : {}) };
      }),
    );
  }
  if (error instanceof NotFoundError) {
    const expression = paths.missing?.[error.what];
    if (expression) {
      return new FhirError(422, [{ code: 'not-found', text: error.message, expression }]);
    }
    return new FhirError(404, [{ code: 'not-found', text: error.message }]);
  }
  if (error instanceof ConsentMissingError) {
    const expression = paths.missing?.consent;
    return new FhirError(422, [
      { code: 'business-rule', text: error.message, ...(expression ? { expression } : {}) },
    ]);
  }
  if (error instanceof NotOnNetworkError) {
    const expression = paths.missing?.service;
    return new FhirError(422, [
      { code: 'business-rule', text: error.message, ...(expression ? { expression } : {}) },
    ]);
  }
  if (error instanceof NotSignedInError)
    return new FhirError(401, [{ code: 'login', text: error.message }]);
  if (error instanceof NotAllowedError) {
    return new FhirError(403, [{ code: 'forbidden', text: error.message }]);
  }
  if (error instanceof ConflictError)
    return new FhirError(409, [{ code: 'conflict', text: error.message }]);
  if (error.code === 'RATE_LIMITED') {
    return new FhirError(429, [{ code: 'throttled', text: error.message }]);
  }
  if (error.code === 'SEARCH_UNAVAILABLE') {
    return new FhirError(503, [{ code: 'transient', text: error.message }]);
  }
  return new FhirError(400, [{ code: 'processing', text: error.message }]);
}
