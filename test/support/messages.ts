import type { Document } from 'mongodb';
import type { Models } from '../../server/db/database.ts';

/**
 * Messages matching `filter`, whether still in the outbox or already handled, each once, oldest
 * first. The worker logs a message before deleting it from the outbox, so the outbox is read
 * first: a message gone from it by the time the log is read is in the log. (Read the other way
 * round, one handled between the two reads is in neither.)
 */
export async function queuedOrLogged(
  models: Pick<Models, 'Notification' | 'NotificationLog'>,
  filter: Document,
): Promise<Document[]> {
  const queued = await models.Notification.collection.find(filter as never).toArray();
  const logged = await models.NotificationLog.collection.find(filter as never).toArray();
  const byId = new Map<string, Document>();
  for (const message of [...queued, ...logged]) byId.set(String(message._id), message);
  return [...byId.values()].sort(
    (a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime(),
  );
}

/** A filter on message ids that start with `prefix`. */
export function idStartingWith(prefix: string): Document {
  return { _id: { $regex: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } };
}
