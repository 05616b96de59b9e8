/**
 * The social-need domains Wayfinder tracks for a client, shared by screening, needs, goals, tasks
 * and reports. The first six are the AHC HRSN core domains (housing is split as the tool scores
 * it: instability and quality); the codes are the SDOH Clinical Care IG's category codes
 * (http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes and the
 * Gravity domain value set), so records map to FHIR without a lookup table.
 */
export const NEED_DOMAINS = [
  'housing-instability',
  'inadequate-housing',
  'food-insecurity',
  'transportation-insecurity',
  'utility-insecurity',
  'interpersonal-safety',
  'financial-insecurity',
  'employment-status',
  'health-insurance-coverage-status',
  'social-connection',
  'other',
] as const;

export type NeedDomain = (typeof NEED_DOMAINS)[number];

const LABELS: Record<NeedDomain, { en: string; es: string }> = {
  'housing-instability': { en: 'Housing instability', es: 'Inestabilidad de vivienda' },
  'inadequate-housing': { en: 'Housing quality', es: 'Calidad de la vivienda' },
  'food-insecurity': { en: 'Food insecurity', es: 'Inseguridad alimentaria' },
  'transportation-insecurity': { en: 'Transportation', es: 'Transporte' },
  'utility-insecurity': { en: 'Utilities', es: 'Servicios públicos' },
  'interpersonal-safety': { en: 'Interpersonal safety', es: 'Seguridad personal' },
  'financial-insecurity': { en: 'Financial strain', es: 'Dificultades económicas' },
  'employment-status': { en: 'Employment', es: 'Empleo' },
  'health-insurance-coverage-status': { en: 'Health insurance', es: 'Seguro médico' },
  'social-connection': { en: 'Social connection', es: 'Conexión social' },
  other: { en: 'Other need', es: 'Otra necesidad' },
};

/** The domain's name for people, in English or Spanish. */
export function needDomainLabel(domain: NeedDomain, language: 'en' | 'es' = 'en'): string {
  return LABELS[domain][language];
}

export function isNeedDomain(value: string): value is NeedDomain {
  return (NEED_DOMAINS as readonly string[]).includes(value);
}
