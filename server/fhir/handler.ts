import type { Actor } from '../domain/accounts/actor.ts';
import type { DomainDeps } from '../domain/deps.ts';
import type { Json } from './outcome.ts';

/** What a handler gets for one request: the domain, who asks, and the server's FHIR base URL. */
export type FhirRequest = {
  deps: DomainDeps;
  actor: Actor;
  /** Absolute base, e.g. `https://wayfinder.example.org/fhir`, for fullUrl and paging links. */
  base: string;
};

/** A search parameter a handler understands, as the CapabilityStatement lists it. */
export type SearchParam = {
  name: string;
  type: 'token' | 'reference' | 'date' | 'string' | 'number' | 'uri';
  documentation: string;
};

/** One page of search results; `next` is the opaque cursor of the page after, if any. */
export type SearchPage = { resources: Json[]; total: number; next: string | null };

/** Parsed search query: each parameter's values (repeats allowed), plus paging. */
export type SearchQuery = {
  params: Map<string, string[]>;
  count: number;
  cursor: string | null;
};

/** The result of a write: the resource as it now stands, and whether it was made by this call. */
export type WriteResult = { resource: Json; created: boolean };

/**
 * Everything Wayfinder does with one FHIR resource type. A handler omits what it does not support;
 * the router answers those with 405 and the CapabilityStatement leaves them out.
 */
export type ResourceHandler = {
  type: string;
  /** Canonical URLs of the profiles its resources claim (meta.profile) and the server supports. */
  profiles: readonly string[];
  documentation: string;
  read?: (request: FhirRequest, id: string) => Promise<Json>;
  search?: {
    params: readonly SearchParam[];
    run: (request: FhirRequest, query: SearchQuery) => Promise<SearchPage>;
  };
  /** POST /fhir/{type}: the body is the resource. */
  create?: (request: FhirRequest, body: unknown) => Promise<WriteResult>;
  /** PUT /fhir/{type}/{id}; `ifMatch` is the version from If-Match, if sent. */
  update?: (
    request: FhirRequest,
    id: string,
    body: unknown,
    ifMatch: number | null,
  ) => Promise<Json>;
  /** PATCH /fhir/{type}/{id} with a JSON Patch document. */
  patch?: (
    request: FhirRequest,
    id: string,
    patch: unknown,
    ifMatch: number | null,
  ) => Promise<Json>;
};
