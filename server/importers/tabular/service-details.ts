import {
  languageCode,
  languageCodesInText,
  languageName,
} from '../../domain/directory/languages.ts';
import type { Draft } from '../context.ts';
import { cleanText, INTERPRETATION_TEXT, isoDateOrRaw, numberOrRaw } from '../text.ts';
import { add, flag, type Parent, type ParentOf, type TabularRead } from './joins.ts';
import { get, originOf, type Row, type Table } from './tables.ts';

/**
 * Reads what describes a service or a site beyond its own row: languages, eligibility,
 * accessibility, attributes (taxonomy terms), cost options, payments, required documents and
 * service areas.
 */
export function readServiceDetails(
  { ctx, table, childIds }: TabularRead,
  parentOf: ParentOf,
  termIdBySource: ReadonlyMap<string, string>,
  services: ReadonlyMap<string, Draft>,
) {
  const languagesTable = table('languages');
  const languageCodesByParent = new Map<Draft, Set<string>>();
  languagesTable.rows.forEach((row, i) => {
    const o = originOf(languagesTable, i, row);
    const parent = parentOf(languagesTable, i, row, 'language', ['service', 'location']);
    if (!parent) return;
    const seen = languageCodesByParent.get(parent.draft) ?? new Set<string>();
    languageCodesByParent.set(parent.draft, seen);
    const pushLanguage = (code: string, note: string | null) => {
      if (seen.has(code)) return;
      seen.add(code);
      add(parent.draft, 'languages', o, {
        id: childIds.id(languagesTable, row, 'language', parent.key),
        code,
        name: get(row, 'name') ?? languageName(code),
        note,
      });
    };
    const given = get(row, 'code')?.toLowerCase();
    if (given && languageName(given)) {
      pushLanguage(given, get(row, 'note'));
      return;
    }
    const textValue = cleanText(row.language ?? row.name) ?? '';
    if (!textValue) return;
    const direct = languageCode(textValue);
    if (direct) {
      const plain = languageName(direct)?.toLowerCase() === textValue.toLowerCase();
      pushLanguage(direct, plain ? get(row, 'note') : textValue);
      return;
    }
    const named = languageCodesInText(textValue);
    for (const code of named) pushLanguage(code, textValue);
    if (named.length > 0) return;
    if (INTERPRETATION_TEXT.test(textValue) && parent.draft.type === 'service') {
      // "Other languages available upon request" is a statement about interpretation, which
      // HSDS 3 has a field for.
      const current =
        typeof parent.draft.value.interpretation_services === 'string'
          ? parent.draft.value.interpretation_services
          : '';
      if (!current.includes(textValue))
        parent.draft.value.interpretation_services = current
          ? `${current}\n${textValue}`
          : textValue;
      return;
    }
    ctx.warn(
      o,
      'language',
      'language',
      `"${textValue}" names no language we know; it was not imported as a language and the record was flagged.`,
    );
    flag(parent.draft, {
      code: 'UNMAPPED_VALUE',
      field: 'languages',
      message: `The language "${textValue}" could not be matched to an ISO 639 code.`,
    });
  });

  const eligibilityTable = table('eligibility');
  let unjoinedEligibility = 0;
  eligibilityTable.rows.forEach((row, i) => {
    const description = cleanText(row.eligibility);
    if (!description) return;
    if (!get(row, 'service_id')) {
      unjoinedEligibility += 1;
      return;
    }
    const parent = parentOf(eligibilityTable, i, row, 'eligibility', ['service']);
    if (!parent) return;
    const previous = parent.draft.value.eligibility;
    const prevText =
      typeof previous === 'object' &&
      previous !== null &&
      'description' in previous &&
      typeof previous.description === 'string'
        ? previous.description
        : null;
    parent.draft.value.eligibility = {
      description: prevText ? `${prevText}\n\n${description}` : description,
    };
    parent.draft.value.eligibility_description ??= description;
  });
  if (unjoinedEligibility > 0) {
    // Miami's eligibility.csv has empty id and service_id in every row: the text cannot be joined.
    ctx.reject(
      { file: eligibilityTable.file, row: null, sourceId: null },
      'eligibility',
      'service_id',
      `${unjoinedEligibility} eligibility rows name no service and were dropped.`,
      false,
    );
    ctx.skipped += unjoinedEligibility;
  }

  const accessibilityTable = table('accessibility');
  accessibilityTable.rows.forEach((row, i) => {
    const description = cleanText(row.accessibility ?? row.description);
    const details = cleanText(row.details);
    if (!description && !details) return; // an empty row says nothing
    const parent = parentOf(accessibilityTable, i, row, 'accessibility', ['location']);
    if (!parent) return;
    add(parent.draft, 'accessibility', originOf(accessibilityTable, i, row), {
      id: childIds.id(accessibilityTable, row, 'accessibility', parent.key),
      description,
      details,
      url: get(row, 'url'),
    });
  });

  const attributeFor = (
    t: Table,
    i: number,
    row: Row,
    parent: Parent,
    termSource: string,
    value: string | null,
  ) => {
    add(parent.draft, 'attributes', originOf(t, i, row), {
      id: childIds.id(t, row, 'attribute', parent.key),
      taxonomy_term_id: termIdBySource.get(termSource) ?? ctx.id('taxonomy_term', termSource),
      value,
      link_type: get(row, 'link_type'),
    });
  };
  const serviceTaxonomy = table('serviceTaxonomy');
  serviceTaxonomy.rows.forEach((row, i) => {
    const parent = parentOf(serviceTaxonomy, i, row, 'attribute', ['service']);
    const term = get(row, 'taxonomy_id', 'taxonomy_term_id');
    if (parent && term)
      attributeFor(serviceTaxonomy, i, row, parent, term, get(row, 'taxonomy_detail', 'value'));
  });
  const attributesTable = table('attributes');
  attributesTable.rows.forEach((row, i) => {
    const entity = get(row, 'link_entity', 'link_type')?.toLowerCase();
    const linkId = get(row, 'link_id') ?? '';
    const term = get(row, 'taxonomy_term_id');
    const parent = services.get(linkId);
    if (!parent || !term || (entity && entity !== 'service')) {
      // Our store keeps attributes on services only.
      ctx.reject(
        originOf(attributesTable, i, row),
        'attribute',
        'link_id',
        'Only attributes of services are imported; this row was dropped.',
      );
      return;
    }
    attributeFor(
      attributesTable,
      i,
      row,
      { draft: parent, key: `service/${linkId}` },
      term,
      get(row, 'value'),
    );
  });

  const costTable = table('costOptions');
  costTable.rows.forEach((row, i) => {
    const parent = parentOf(costTable, i, row, 'cost_option', ['service']);
    if (!parent) return;
    add(parent.draft, 'cost_options', originOf(costTable, i, row), {
      id: childIds.id(costTable, row, 'cost_option', parent.key),
      option: cleanText(row.option),
      currency: get(row, 'currency')?.toUpperCase(),
      amount: numberOrRaw(row.amount),
      amount_description: cleanText(row.amount_description),
      valid_from: isoDateOrRaw(row.valid_from),
      valid_to: isoDateOrRaw(row.valid_to),
    });
  });
  // 1.x payments_accepted ("Medicaid", "Cash") are the nearest thing to 3.0 cost options.
  const paymentsTable = table('payments');
  paymentsTable.rows.forEach((row, i) => {
    const payment = cleanText(row.payment);
    const parent = payment ? parentOf(paymentsTable, i, row, 'cost_option', ['service']) : null;
    if (!parent) return;
    add(parent.draft, 'cost_options', originOf(paymentsTable, i, row), {
      id: childIds.id(paymentsTable, row, 'cost_option', parent.key),
      option: `Payment accepted: ${payment}`,
    });
  });
  const documentsTable = table('requiredDocuments');
  documentsTable.rows.forEach((row, i) => {
    const parent = parentOf(documentsTable, i, row, 'required_document', ['service']);
    if (!parent) return;
    add(parent.draft, 'required_documents', originOf(documentsTable, i, row), {
      id: childIds.id(documentsTable, row, 'required_document', parent.key),
      document: cleanText(row.document) ?? '',
      uri: get(row, 'uri'),
    });
  });
  const areasTable = table('serviceAreas');
  areasTable.rows.forEach((row, i) => {
    const parent = parentOf(areasTable, i, row, 'service_area', ['service']);
    if (!parent) return;
    add(parent.draft, 'service_areas', originOf(areasTable, i, row), {
      id: childIds.id(areasTable, row, 'service_area', parent.key),
      name: get(row, 'name', 'service_area'),
      description: cleanText(row.description),
      extent: get(row, 'extent'),
      extent_type: get(row, 'extent_type'),
    });
  });
}
