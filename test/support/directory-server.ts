import type { Clock } from '../../server/domain/clock.ts';
import type { DirectoryBundle } from '../../server/domain/directory/records.ts';
import { storeBundle } from '../../server/domain/directory/store.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/** A test server holding `bundle`, stored through the domain and searchable once this resolves. */
export async function startServerWithDirectory(
  bundle: DirectoryBundle,
  clock: Clock,
): Promise<TestServer> {
  const server = await startTestServer({ clock });
  await storeBundle(server.runtime.deps, bundle);
  server.runtime.worker.kick();
  await server.runtime.worker.idle();
  return server;
}
