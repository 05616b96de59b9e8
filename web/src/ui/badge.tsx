import type { ReactNode } from 'react';

export type BadgeProps = {
  tone: 'good' | 'bad' | 'neutral' | 'warning';
  children: ReactNode;
};

export function Badge({ tone, children }: BadgeProps) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}
