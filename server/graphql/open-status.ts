import type { SiteOpenStatus } from '../domain/hours/open-status.ts';
import { builder } from './builder.ts';

export const OpenStatusRef = builder.objectRef<SiteOpenStatus>('OpenStatus').implement({
  description: 'Open or closed at the searched time, in the site’s own time zone.',
  fields: (t) => ({
    isOpen: t.exposeBoolean('isOpen', {
      nullable: true,
      description: 'Null when hours are unknown.',
    }),
    nextChange: t.expose('nextChange', {
      type: 'DateTime',
      nullable: true,
      description: 'When it next opens (if closed) or closes (if open), within 14 days.',
    }),
    timeZone: t.exposeString('timeZone', {
      description:
        'IANA time zone of the site (America/Denver); show nextChange and hours in it, not the viewer’s.',
    }),
  }),
});
