import { type Connection, Schema } from 'mongoose';

/**
 * Care coordination around a client: goals (`goals`), follow-up tasks (`tasks`), case notes
 * (`case_notes`), the reminders sent about tasks (`task_reminders`, one insert each, `_id`
 * `<taskId>:<kind>`), one summary per client (`client_summaries`, `_id` the client id) that
 * indexes the rest by client, and each coordinator's caseload rows (`caseloads`, `_id`
 * `<userId>:<bucket>`), so neither a client page nor a caseload needs a join (FerretDB v1 has no
 * $lookup) or a scan. Summaries and caseloads keep their content as one JSON string.
 * What describes the person (goal text, task titles, note text, the name in a summary) is sealed
 * by the domain before it gets here.
 */
const options = { strict: false, versionKey: false, _id: false, minimize: false } as const;

const goalSchema = new Schema(
  { _id: String, clientId: String, organizationId: String, version: Number, sealed: String },
  options,
);
const taskSchema = new Schema(
  {
    _id: String,
    clientId: String,
    organizationId: String,
    assigneeUserId: String,
    status: String,
    dueDate: String,
    sealed: String,
  },
  options,
);
const caseNoteSchema = new Schema(
  { _id: String, clientId: String, organizationId: String, sealed: String },
  options,
);
const taskReminderSchema = new Schema({ _id: String, taskId: String, kind: String }, options);
const clientSummarySchema = new Schema(
  { _id: String, organizationId: String, version: Number, json: String },
  options,
);
const caseloadSchema = new Schema(
  { _id: String, userId: String, organizationId: String, version: Number, json: String },
  options,
);

/** Registers the care coordination models on a connection. */
export function careModels(connection: Connection) {
  return {
    Goal: connection.model('Goal', goalSchema, 'goals'),
    Task: connection.model('Task', taskSchema, 'tasks'),
    CaseNote: connection.model('CaseNote', caseNoteSchema, 'case_notes'),
    TaskReminder: connection.model('TaskReminder', taskReminderSchema, 'task_reminders'),
    ClientSummary: connection.model('ClientSummary', clientSummarySchema, 'client_summaries'),
    Caseload: connection.model('Caseload', caseloadSchema, 'caseloads'),
  };
}
