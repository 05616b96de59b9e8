import { useId } from 'react';
import { TasksDueDocument } from '../../generated/graphql';
import { useI18n } from '../../lib/i18n';
import { useQuery } from '../../lib/use-query';
import { StatusMessage } from '../../ui/status-message';
import { useCareWords } from './internal/wording';
import { TaskItem, todayUtc } from './task-item';

/** The signed-in coordinator's tasks due today and overdue, across their clients. */
export function TasksDue({ onChanged }: { onChanged?: () => void }) {
  const { t } = useI18n();
  const { w } = useCareWords();
  const id = useId();
  const query = useQuery(TasksDueDocument, { withinDays: 0 });
  const tasks = query.data?.tasksDue ?? [];
  const today = todayUtc();
  return (
    <section className="panel tasks-due" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {w('due.title')}
        {tasks.length > 0 ? <span className="count-badge">{tasks.length}</span> : null}
      </h2>
      {query.error ? (
        <StatusMessage
          tone="error"
          action={
            <button type="button" className="button-secondary" onClick={query.retry}>
              {t('search.retry')}
            </button>
          }
        >
          {query.error.message}
        </StatusMessage>
      ) : null}
      {query.data && tasks.length === 0 ? <p className="hint">{w('due.empty')}</p> : null}
      {tasks.length > 0 ? (
        <ul className="task-list">
          {tasks.map((task) => (
            <TaskItem
              key={task.id}
              task={task}
              today={today}
              showClient
              onChanged={() => {
                query.retry();
                onChanged?.();
              }}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
