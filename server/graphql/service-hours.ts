import type { HoursView, OpeningSpan } from '../domain/hours/hours-view.ts';
import { builder } from './builder.ts';

const WeekdayEnum = builder.enumType('Weekday', {
  values: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const,
});
const weekdays = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;

const OpeningSpanRef = builder.objectRef<OpeningSpan>('OpeningSpan').implement({
  description: 'One opening on the site’s wall clock.',
  fields: (t) => ({
    opens: t.exposeString('opens', { description: '"09:00".' }),
    closes: t.exposeString('closes', { description: '"17:00"; "24:00" at midnight.' }),
    overnight: t.exposeBoolean('overnight', { description: 'Closes on the next day.' }),
  }),
});

const WeekdayHoursRef = builder.objectRef<HoursView['weekly'][number]>('WeekdayHours').implement({
  fields: (t) => ({
    weekday: t.field({ type: WeekdayEnum, resolve: (d) => weekdays[d.weekday] ?? 'MONDAY' }),
    spans: t.field({ type: [OpeningSpanRef], resolve: (d) => d.spans }),
  }),
});

const DatedHoursRef = builder.objectRef<HoursView['upcoming'][number]>('DatedHours').implement({
  description: 'Openings on one date (monthly, seasonal or one-off schedules).',
  fields: (t) => ({
    date: t.exposeString('date', { description: 'Local date, YYYY-MM-DD.' }),
    spans: t.field({ type: [OpeningSpanRef], resolve: (d) => d.spans }),
  }),
});

export const ServiceHoursRef = builder.objectRef<HoursView>('ServiceHours').implement({
  description:
    'A site’s hours, from the same schedules as its open status: the regular week, and ' +
    'openings and closures on particular dates in the next 14 days.',
  fields: (t) => ({
    known: t.exposeBoolean('known', { description: 'False when the listing gives no hours.' }),
    timeZone: t.exposeString('timeZone', { description: 'IANA zone the times are in.' }),
    weekly: t.field({
      type: [WeekdayHoursRef],
      description: 'Regular weekly hours, Monday first; days without openings are left out.',
      resolve: (h) => h.weekly,
    }),
    upcoming: t.field({
      type: [DatedHoursRef],
      description: 'Openings on particular dates from today for 14 days.',
      resolve: (h) => h.upcoming,
    }),
    closedDates: t.exposeStringList('closedDates', {
      description: 'Local dates (YYYY-MM-DD) in the next 14 days on which the site is closed.',
    }),
  }),
});
