import type { ReactNode } from 'react';

export type StatusMessageProps = {
  tone: 'info' | 'error' | 'warning';
  children: ReactNode;
  action?: ReactNode;
};

/** A message announced to screen readers: errors assertively, the rest politely. */
export function StatusMessage({ tone, children, action }: StatusMessageProps) {
  return (
    <div className={`status-message status-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div>{children}</div>
      {action ? <div className="status-action">{action}</div> : null}
    </div>
  );
}
