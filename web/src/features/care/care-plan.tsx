import { type FormEvent, useId, useState } from 'react';
import {
  type ClientCareQuery,
  CreateGoalDocument,
  type GoalAchievement,
  type GoalStatus,
  type NeedDomain,
  UpdateGoalDocument,
} from '../../generated/graphql';
import { formatDate } from '../../lib/format';
import { request } from '../../lib/graphql';
import { useI18n } from '../../lib/i18n';
import { needDomains } from '../needs/need-words';
import { goalAchievements, goalStatuses, useCareWords } from './internal/wording';

type Goal = NonNullable<ClientCareQuery['client']>['goals'][number];

export type CarePlanProps = { clientId: string; goals: Goal[]; onChanged: () => void };

/** The client's goals: each with its status, progress and history, and a form for a new one. */
export function CarePlan({ clientId, goals, onChanged }: CarePlanProps) {
  const { w } = useCareWords();
  const id = useId();
  return (
    <section className="panel care-plan" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{w('plan.title')}</h2>
      {goals.length === 0 ? <p className="hint">{w('plan.empty')}</p> : null}
      <ol className="goal-list">
        {goals.map((goal) => (
          <GoalItem key={`${goal.id}:${goal.version}`} goal={goal} onChanged={onChanged} />
        ))}
      </ol>
      <NewGoalForm clientId={clientId} onSaved={onChanged} />
    </section>
  );
}

function GoalItem({ goal, onChanged }: { goal: Goal; onChanged: () => void }) {
  const { locale } = useI18n();
  const { w, domain, status, achievement } = useCareWords();
  const id = useId();
  const [nextStatus, setNextStatus] = useState<GoalStatus>(goal.status);
  const [nextAchievement, setNextAchievement] = useState<GoalAchievement>(goal.achievement);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = nextStatus !== goal.status || nextAchievement !== goal.achievement;

  async function handleSave(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      await request(UpdateGoalDocument, {
        input: {
          id: goal.id,
          expectedVersion: goal.version,
          ...(nextStatus !== goal.status ? { status: nextStatus } : {}),
          ...(nextAchievement !== goal.achievement ? { achievement: nextAchievement } : {}),
        },
      });
      onChanged();
    } catch (e) {
      setMessage(w('plan.failed', { message: e instanceof Error ? e.message : '' }));
    } finally {
      setBusy(false);
    }
  }

  const describe = (change: Goal['history'][number]['changes'][number]) => {
    if (change.field === 'text') return w('plan.change.text');
    const value = (v: string | null) => {
      if (v === null) return '—';
      if (change.field === 'status') return status(v as GoalStatus);
      if (change.field === 'achievement') return achievement(v as GoalAchievement);
      if (change.field === 'domain') return domain(v as NeedDomain);
      if (change.field === 'targetDate') return formatDate(v, locale);
      return v;
    };
    return change.from === null
      ? `${change.field}: ${value(change.to)}`
      : `${change.field}: ${value(change.from)} → ${value(change.to)}`;
  };

  return (
    <li className="goal-item" data-status={goal.status}>
      <h3 className="goal-text">{goal.text}</h3>
      <p className="goal-meta">
        <span className="goal-chip">{domain(goal.domain)}</span>
        <span className={`goal-chip goal-status-${goal.status.toLowerCase()}`}>
          {status(goal.status)}
        </span>
        <span className="goal-chip">{achievement(goal.achievement)}</span>
        <span className="hint">
          {goal.targetDate
            ? w('plan.target.value', { date: formatDate(goal.targetDate, locale) })
            : w('plan.noTarget')}
        </span>
      </p>
      <form className="goal-update field-row no-print" onSubmit={handleSave}>
        <div className="field">
          <label htmlFor={`${id}-status`}>{w('plan.status')}</label>
          <select
            id={`${id}-status`}
            value={nextStatus}
            onChange={(e) => setNextStatus(e.target.value as GoalStatus)}
          >
            {goalStatuses.map((s) => (
              <option key={s} value={s}>
                {status(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-achievement`}>{w('plan.achievement')}</label>
          <select
            id={`${id}-achievement`}
            value={nextAchievement}
            onChange={(e) => setNextAchievement(e.target.value as GoalAchievement)}
          >
            {goalAchievements.map((a) => (
              <option key={a} value={a}>
                {achievement(a)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-secondary" disabled={!changed || busy}>
          {w('plan.update')}
        </button>
      </form>
      {message ? (
        <p className="field-error" role="alert">
          {message}
        </p>
      ) : null}
      <details className="goal-history">
        <summary>{w('plan.history', { count: goal.history.length })}</summary>
        <ol>
          {goal.history.map((entry, index) => (
            <li key={`${entry.at}-${index}`}>
              <span className="hint">
                {w('plan.change.by', {
                  who: entry.by?.name ?? '—',
                  when: new Date(entry.at).toLocaleString(locale),
                })}
              </span>{' '}
              {index === 0 ? w('plan.change.created') : entry.changes.map(describe).join('; ')}
            </li>
          ))}
        </ol>
      </details>
    </li>
  );
}

function NewGoalForm({ clientId, onSaved }: { clientId: string; onSaved: () => void }) {
  const { w, domain } = useCareWords();
  const id = useId();
  const [text, setText] = useState('');
  const [goalDomain, setGoalDomain] = useState<NeedDomain>('FOOD_INSECURITY');
  const [targetDate, setTargetDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await request(CreateGoalDocument, {
        input: { clientId, text, domain: goalDomain, targetDate: targetDate || null },
      });
      setText('');
      setTargetDate('');
      onSaved();
    } catch (e) {
      setError(w('plan.failed', { message: e instanceof Error ? e.message : '' }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="new-goal no-print" onSubmit={handleSubmit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{w('plan.add')}</h3>
      <div className="field">
        <label htmlFor={`${id}-text`}>{w('plan.text')}</label>
        <textarea
          id={`${id}-text`}
          required
          maxLength={1000}
          rows={2}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-domain`}>{w('plan.domain')}</label>
          <select
            id={`${id}-domain`}
            value={goalDomain}
            onChange={(e) => setGoalDomain(e.target.value as NeedDomain)}
          >
            {needDomains.map((d) => (
              <option key={d} value={d}>
                {domain(d)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-target`}>{w('plan.target')}</label>
          <input
            id={`${id}-target`}
            type="date"
            value={targetDate}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(e) => setTargetDate(e.target.value)}
          />
        </div>
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button-primary" disabled={busy}>
        {busy ? w('plan.saving') : w('plan.save')}
      </button>
    </form>
  );
}
