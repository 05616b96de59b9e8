import { z } from 'zod';
import type { Actor } from '../accounts/actor.ts';
import { recordAudit } from '../audit/audit.ts';
import { changeSummary, readSummary } from '../caseload/summary.ts';
import type { DomainDeps } from '../deps.ts';
import { timeOrderedId } from '../time-ordered-id.ts';
import { parseInput } from '../validate.ts';
import { assertKeepsClient } from './client-access.ts';

/**
 * Case notes: dated entries a coordinator writes about a client ("called, left a message"),
 * sealed at rest, read only by the client's coordinating organization, every read audited. A note
 * marked as contact with the client sets the caseload's "last contact".
 */

export type CaseNote = {
  id: string;
  clientId: string;
  organizationId: string;
  text: string;
  /** Whether the note records talking with the client (a call, a visit, a message answered). */
  contact: boolean;
  at: Date;
  authorUserId: string;
};

type Deps = Pick<DomainDeps, 'db' | 'clock' | 'cipher'>;

const TEXT_MAX = 5000;

const addSchema = z.object({
  clientId: z.string().min(1).max(200),
  text: z
    .string({ error: 'Write the note.' })
    .trim()
    .min(1, { error: 'Write the note.' })
    .max(TEXT_MAX, {
      error: `A note must be at most ${TEXT_MAX.toLocaleString('en-US')} characters.`,
    }),
  contact: z.boolean().nullish(),
});

/**
 * Adds a note to a client's record (audited as note.create). Throws NotAllowedError,
 * NotFoundError (also for another organization's client), InvalidInputError.
 */
export async function addCaseNote(deps: Deps, actor: Actor, input: unknown): Promise<CaseNote> {
  const parsed = parseInput(addSchema, input);
  const { organizationId } = await assertKeepsClient(deps, actor, parsed.clientId, 'note.create');
  const at = deps.clock.now();
  const note: CaseNote = {
    id: timeOrderedId(at),
    clientId: parsed.clientId,
    organizationId,
    text: parsed.text,
    contact: parsed.contact ?? false,
    at,
    authorUserId: actor.userId,
  };
  await deps.db.models.CaseNote.collection.insertOne({
    _id: note.id as never,
    clientId: note.clientId,
    organizationId,
    contact: note.contact,
    at,
    authorUserId: actor.userId,
    sealed: deps.cipher.seal(JSON.stringify({ text: note.text })),
  });
  await changeSummary(deps, note.clientId, organizationId, (summary) => {
    summary.notes[note.id] = at.toISOString();
    if (note.contact && (summary.lastContactAt ?? '') < at.toISOString()) {
      summary.lastContactAt = at.toISOString();
    }
  });
  await recordAudit(deps, actor, {
    action: 'note.create',
    subjectType: 'client',
    subjectId: note.clientId,
    detail: { noteId: note.id, contact: note.contact },
  });
  return note;
}

/** A client's notes, newest first, with no check and no audit (for the timeline). */
export async function loadCaseNotes(
  deps: Pick<DomainDeps, 'db' | 'cipher'>,
  clientId: string,
  organizationId: string,
): Promise<CaseNote[]> {
  const summary = await readSummary(deps, clientId, organizationId);
  const docs = await Promise.all(
    Object.keys(summary.notes).map((id) =>
      deps.db.models.CaseNote.collection.findOne({ _id: id as never }),
    ),
  );
  return docs
    .filter((d) => d !== null && d.clientId === clientId)
    .map((d) => {
      const doc = d as NonNullable<typeof d>;
      const { text } = JSON.parse(deps.cipher.open(String(doc.sealed))) as { text: string };
      return {
        id: String(doc._id),
        clientId,
        organizationId: String(doc.organizationId),
        text,
        contact: doc.contact === true,
        at: new Date(doc.at as Date),
        authorUserId: String(doc.authorUserId),
      };
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id));
}

/**
 * A client's notes, newest first (audited as note.read). Throws NotAllowedError, NotFoundError
 * (also for another organization's client).
 */
export async function listCaseNotes(
  deps: Deps,
  actor: Actor,
  clientId: string,
): Promise<CaseNote[]> {
  const { organizationId } = await assertKeepsClient(deps, actor, clientId, 'note.read');
  const notes = await loadCaseNotes(deps, clientId, organizationId);
  await recordAudit(deps, actor, {
    action: 'note.read',
    subjectType: 'client',
    subjectId: clientId,
    detail: { results: notes.length },
  });
  return notes;
}
