import { type FormEvent, useId, useState } from 'react';
import { type ClientCareQuery, CreateTaskDocument } from '../../generated/graphql';
import { request } from '../../lib/graphql';
import { useCareWords } from './internal/wording';
import { TaskItem, todayUtc } from './task-item';

type Client = NonNullable<ClientCareQuery['client']>;

export type ClientTasksProps = {
  clientId: string;
  tasks: Client['tasks'];
  goals: Client['goals'];
  /** The coordinators a task may be assigned to (the signed-in one among them). */
  assignees: ClientCareQuery['taskAssignees'];
  /** The signed-in coordinator, the default assignee. */
  userId: string;
  onChanged: () => void;
};

/** The client's follow-up tasks, open ones first, and a form for a new one. */
export function ClientTasks({
  clientId,
  tasks,
  goals,
  assignees,
  userId,
  onChanged,
}: ClientTasksProps) {
  const { w } = useCareWords();
  const id = useId();
  const today = todayUtc();
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState(today);
  const [goalId, setGoalId] = useState('');
  const [assigneeUserId, setAssigneeUserId] = useState(userId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await request(CreateTaskDocument, {
        input: { clientId, title, dueDate, goalId: goalId || null, assigneeUserId },
      });
      setTitle('');
      onChanged();
    } catch (e) {
      setError(w('tasks.failed', { message: e instanceof Error ? e.message : '' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel client-tasks" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{w('tasks.title')}</h2>
      {tasks.length === 0 ? <p className="hint">{w('tasks.empty')}</p> : null}
      <ul className="task-list">
        {tasks.map((task) => (
          <TaskItem key={task.id} task={task} today={today} onChanged={onChanged} />
        ))}
      </ul>
      <form className="new-task no-print" onSubmit={handleSubmit} aria-labelledby={`${id}-add`}>
        <h3 id={`${id}-add`}>{w('tasks.add')}</h3>
        <div className="field">
          <label htmlFor={`${id}-what`}>{w('tasks.titleField')}</label>
          <input
            id={`${id}-what`}
            required
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-due`}>{w('tasks.due')}</label>
            <input
              id={`${id}-due`}
              type="date"
              required
              min={today}
              value={dueDate}
              onChange={(e) => setDueDate(e.target.value)}
            />
          </div>
          {assignees.length > 1 ? (
            <div className="field">
              <label htmlFor={`${id}-assignee`}>{w('tasks.assignTo')}</label>
              <select
                id={`${id}-assignee`}
                value={assigneeUserId}
                onChange={(e) => setAssigneeUserId(e.target.value)}
              >
                {assignees.map((person) => (
                  <option key={person.id} value={person.id}>
                    {person.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {goals.length > 0 ? (
            <div className="field">
              <label htmlFor={`${id}-goal`}>{w('tasks.goal')}</label>
              <select id={`${id}-goal`} value={goalId} onChange={(e) => setGoalId(e.target.value)}>
                <option value="">{w('tasks.noGoal')}</option>
                {goals.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.text}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button-primary" disabled={busy}>
          {w('tasks.save')}
        </button>
      </form>
    </section>
  );
}
