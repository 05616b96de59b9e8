/** Replaces each `{name}` in `template` with `params[name]`; unknown names stay as written. */
export function fillTemplate(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match);
}
