/** A `tel:` link for a listed number ("(303) 555-0100", extension 12 → "tel:3035550100,12"). */
export function telHref(number: string, extension?: number | null): string {
  const digits = number.replace(/[^\d+]/g, '');
  return extension ? `tel:${digits},${extension}` : `tel:${digits}`;
}

/** A `mailto:` link for a listed address. */
export function mailtoHref(email: string): string {
  return `mailto:${email.trim()}`;
}
