import { useState } from 'react';
import { CompleteTaskDocument, type TasksDueQuery } from '../../generated/graphql';
import { formatDate } from '../../lib/format';
import { request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { Link } from '../../lib/router';
import { useCareWords } from './internal/wording';

export type CareTask = TasksDueQuery['tasksDue'][number];

export type TaskItemProps = {
  task: CareTask;
  /** Today, YYYY-MM-DD (UTC, as due dates are). */
  today: string;
  /** Show a link to the client's page (in lists that span clients). */
  showClient?: boolean;
  onChanged: () => void;
};

/** One task: what, when, for whom, and buttons to close it while it is open. */
export function TaskItem({ task, today, showClient = false, onChanged }: TaskItemProps) {
  const { locale } = useI18n();
  const { w, taskTitle } = useCareWords();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = task.status === 'OPEN';
  const overdue = open && task.dueDate < today;

  async function close(status: 'DONE' | 'CANCELLED') {
    setBusy(true);
    setError(null);
    try {
      await request(CompleteTaskDocument, { id: task.id, status });
      onChanged();
    } catch (e) {
      setError(w('tasks.failed', { message: e instanceof Error ? e.message : '' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className={`task-item${overdue ? ' is-overdue' : ''}${open ? '' : ' is-closed'}`}>
      <div className="task-main">
        <span className="task-title">{taskTitle(task)}</span>
        <span className="task-when">
          {!open
            ? w(`tasks.closed.${task.status === 'DONE' ? 'DONE' : 'CANCELLED'}`)
            : overdue
              ? w('due.overdue', { date: formatDate(task.dueDate, locale) })
              : task.dueDate === today
                ? w('due.today')
                : w('tasks.dueOn', { date: formatDate(task.dueDate, locale) })}
        </span>
        {task.assignee ? (
          <span className="hint">{w('tasks.assignee', { name: task.assignee.name })}</span>
        ) : null}
        <span className="task-links">
          {showClient ? (
            <Link to={`/clients/${encodeURIComponent(task.clientId)}`}>{w('due.client')}</Link>
          ) : null}
          {task.referralId ? (
            <Link to={`/referrals/${encodeURIComponent(task.referralId)}`}>
              {task.kind === 'FIND_ALTERNATIVE' ? w('tasks.alternatives') : w('tasks.referral')}
            </Link>
          ) : null}
        </span>
      </div>
      {open ? (
        <div className="task-actions">
          <button
            type="button"
            className="button-secondary"
            disabled={busy}
            onClick={() => void close('DONE')}
          >
            {w('tasks.done')}
            <span className="visually-hidden">: {taskTitle(task)}</span>
          </button>
          <button
            type="button"
            className="button-link"
            disabled={busy}
            onClick={() => void close('CANCELLED')}
          >
            {w('tasks.cancel')}
            <span className="visually-hidden">: {taskTitle(task)}</span>
          </button>
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

/** Today's date as tasks count it (UTC calendar, like the server). */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}
