import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from './params.ts';

/**
 * Our OpenAPI 3.1 description of the read-only HSDS 3.0 API: the endpoints and parameters we
 * implement, with bodies described by the published HSDS 3.0 schemas.
 */

const SCHEMAS = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema';

type Param = { name: string; description: string; schema: Record<string, unknown> };

const params: Record<string, Param> = {
  search: { name: 'search', description: 'Full text search.', schema: { type: 'string' } },
  page: {
    name: 'page',
    description: 'Page number, from 1.',
    schema: { type: 'integer', minimum: 1, default: 1 },
  },
  per_page: {
    name: 'per_page',
    description: `Results per page, at most ${MAX_PER_PAGE}.`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE },
  },
  format: {
    name: 'format',
    description:
      '`json` (default) or `ndjson`: every matching record, one JSON object per line, no pagination.',
    schema: { type: 'string', enum: ['json', 'ndjson'] },
  },
  taxonomy_term_id: {
    name: 'taxonomy_term_id',
    description: 'Only services with an attribute linking this taxonomy term.',
    schema: { type: 'string', format: 'uuid' },
  },
  taxonomy_id: {
    name: 'taxonomy_id',
    description: 'Only records with a term of this taxonomy.',
    schema: { type: 'string', format: 'uuid' },
  },
  organization_id: {
    name: 'organization_id',
    description: 'Only services of this organization.',
    schema: { type: 'string', format: 'uuid' },
  },
  modified_after: {
    name: 'modified_after',
    description: 'Only services whose last_modified is on or after this date or date-time.',
    schema: { type: 'string', format: 'date-time' },
  },
  minimal: {
    name: 'minimal',
    description: 'Services as id, name, status and last_modified only.',
    schema: { type: 'boolean' },
  },
  full: {
    name: 'full',
    description: 'Fully nested records instead of their one-to-one fields.',
    schema: { type: 'boolean' },
  },
  full_service: {
    name: 'full_service',
    description: 'Organizations with their services fully nested.',
    schema: { type: 'boolean' },
  },
  postcode: {
    name: 'postcode',
    description:
      'A US ZIP code. Alone: services at an address in it or restricted to it. With proximity: the centre to measure from.',
    schema: { type: 'string' },
  },
  proximity: {
    name: 'proximity',
    description: 'With postcode: only sites within this many metres of its centre.',
    schema: { type: 'number' },
  },
  top_only: {
    name: 'top_only',
    description: 'Only terms without a parent.',
    schema: { type: 'boolean' },
  },
  parent_id: {
    name: 'parent_id',
    description: 'Only terms with this parent.',
    schema: { type: 'string', format: 'uuid' },
  },
};

const ref = (name: string) => ({ $ref: `#/components/parameters/${name}` });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const errors = {
  '400': { $ref: '#/components/responses/BadRequest' },
  '429': { $ref: '#/components/responses/TooManyRequests' },
};

function list(summary: string, itemSchema: string, names: string[]) {
  return {
    get: {
      summary,
      parameters: names.map(ref),
      responses: {
        '200': {
          description: `${summary}, one page (or NDJSON with format=ndjson).`,
          content: {
            'application/json': {
              schema: {
                allOf: [{ $ref: '#/components/schemas/Page' }],
                properties: { contents: { type: 'array', items: { $ref: itemSchema } } },
              },
            },
            'application/x-ndjson': { schema: { $ref: itemSchema } },
          },
        },
        ...errors,
      },
    },
  };
}

function detail(summary: string, schema: string, names: string[] = []) {
  return {
    get: {
      summary,
      parameters: [idParam, ...names.map(ref)],
      responses: {
        '200': {
          description: summary,
          content: { 'application/json': { schema: { $ref: schema } } },
        },
        '404': { $ref: '#/components/responses/NotFound' },
        '429': errors['429'],
      },
    },
  };
}

const errorBody = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
};

/** The OpenAPI document, with `serverUrl` (the API's base) as its server. */
export function openapiDocument(serverUrl: string): Record<string, unknown> {
  const serviceFilters = [
    'search',
    'page',
    'per_page',
    'format',
    'taxonomy_term_id',
    'taxonomy_id',
    'organization_id',
    'modified_after',
    'postcode',
    'proximity',
  ];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Wayfinder HSDS API',
      version: '3.0',
      description:
        'Read-only Human Services Data Specification 3.0 API of this directory. No key; rate-limited per client address. Records may carry documented extension fields (eligibility, categories, closed, timezone_name, coordinates_approximate, category, label).',
    },
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    servers: [{ url: serverUrl }],
    paths: {
      '/': {
        get: {
          summary: 'About this API',
          responses: {
            '200': {
              description: 'HSDS version, profile and this document.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      version: { type: 'string' },
                      profile: { type: 'string', format: 'uri' },
                      openapi_url: { type: 'string', format: 'uri' },
                    },
                  },
                },
              },
            },
          },
        },
      },
      '/services': list('Services', `${SCHEMAS}/compiled/service_list.json`, [
        ...serviceFilters,
        'minimal',
        'full',
      ]),
      '/services/{id}': detail('A fully nested service', `${SCHEMAS}/compiled/service.json`),
      '/service_at_locations': list(
        'Service-at-locations',
        `${SCHEMAS}/compiled/service_at_location_list.json`,
        [...serviceFilters, 'full'],
      ),
      '/service_at_locations/{id}': detail(
        'A fully nested service-at-location',
        `${SCHEMAS}/compiled/service_at_location.json`,
      ),
      '/organizations': list('Organizations', `${SCHEMAS}/compiled/organization_list.json`, [
        'search',
        'page',
        'per_page',
        'format',
        'full',
        'full_service',
      ]),
      '/organizations/{id}': detail(
        'An organization with its services',
        `${SCHEMAS}/compiled/organization.json`,
        ['full_service'],
      ),
      '/taxonomies': list('Taxonomies', `${SCHEMAS}/taxonomy.json`, [
        'search',
        'page',
        'per_page',
        'format',
      ]),
      '/taxonomies/{id}': detail('A taxonomy', `${SCHEMAS}/taxonomy.json`),
      '/taxonomy_terms': list('Taxonomy terms', `${SCHEMAS}/taxonomy_term.json`, [
        'search',
        'page',
        'per_page',
        'format',
        'taxonomy_id',
        'top_only',
        'parent_id',
      ]),
      '/taxonomy_terms/{id}': detail('A taxonomy term', `${SCHEMAS}/taxonomy_term.json`),
    },
    components: {
      parameters: Object.fromEntries(
        Object.entries(params).map(([k, p]) => [k, { ...p, in: 'query', required: false }]),
      ),
      schemas: {
        Page: {
          type: 'object',
          required: [
            'total_items',
            'total_pages',
            'page_number',
            'size',
            'first_page',
            'last_page',
            'empty',
          ],
          properties: {
            total_items: { type: 'integer' },
            total_pages: { type: 'integer' },
            page_number: { type: 'integer' },
            size: { type: 'integer' },
            first_page: { type: 'boolean' },
            last_page: { type: 'boolean' },
            empty: { type: 'boolean' },
          },
        },
        Error: errorBody,
      },
      responses: {
        BadRequest: {
          description: 'A query parameter is not valid; the message says which and why.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        NotFound: {
          description: 'No record has this id.',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
        TooManyRequests: {
          description: 'Too many requests from this address; retry after Retry-After seconds.',
          headers: { 'Retry-After': { schema: { type: 'integer' } } },
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
}
