/** The English names of need categories from the taxonomy, by code. */
export function categoryNamesOf(taxonomy: ReadonlyArray<{ code: string; name: string }>) {
  return new Map(taxonomy.map((category) => [category.code, category.name]));
}
