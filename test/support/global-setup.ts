/** Placeholder; the embedded database is started here once the db layer lands. */
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
