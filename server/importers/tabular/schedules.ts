import type { Weekday } from '../../domain/directory/records.ts';
import { addChild, type Draft, type Origin } from '../context.ts';
import {
  blank,
  bool,
  cleanText,
  intOrRaw,
  isoDateOrRaw,
  numberOrRaw,
  parseOpeningHours,
  parseWeekday,
  weekOrder,
} from '../text.ts';
import type { ParentKind, ParentOf, TabularRead } from './joins.ts';
import { get, originOf, type Row } from './tables.ts';

/** Reads regular (weekday rows), holiday and HSDS 3 schedules onto services, sites or locations. */
export function readSchedules({ ctx, table, childIds }: TabularRead, parentOf: ParentOf): void {
  const regular = table('regularSchedules');
  const holiday = table('holidaySchedules');
  const schedules = table('schedules');
  const scheduleParents: ParentKind[] = ['service', 'service_at_location', 'location'];
  // 1.x has one row per weekday; rows of one parent with the same hours become one WEEKLY
  // schedule whose byday lists the days, which is how HSDS 3 expresses "Mon–Fri 9–5".
  type Group = {
    parent: Draft;
    key: string;
    origin: Origin;
    days: Set<Weekday>;
    hours: { opens_at: string; closes_at: string; notes: string | null };
    text: string | null;
    row: Row;
  };
  const groups = new Map<string, Group>();
  regular.rows.forEach((row, i) => {
    const o = originOf(regular, i, row);
    const day = parseWeekday(row.weekday);
    if (!day) {
      ctx.reject(
        o,
        'schedule',
        'weekday',
        `"${row.weekday ?? ''}" is not a weekday; the row was dropped.`,
      );
      return;
    }
    const hours = parseOpeningHours(row.opens_at, row.closes_at);
    if (!hours) {
      const which = parseOpeningHours(row.opens_at, '23:59') ? 'closes_at' : 'opens_at';
      ctx.reject(
        o,
        'schedule',
        which,
        `"${row[which] ?? ''}" is not a time of day such as 9:00am or 17:30; the row was dropped.`,
      );
      return;
    }
    const parent = parentOf(regular, i, row, 'schedule', scheduleParents);
    if (!parent) return;
    const text = cleanText(row.original_text ?? row.description);
    const key = `${parent.key}|${hours.opens_at}|${hours.closes_at}|${hours.notes ?? ''}|${text ?? ''}`;
    const group = groups.get(key) ?? {
      parent: parent.draft,
      key: parent.key,
      origin: o,
      days: new Set<Weekday>(),
      hours,
      text,
      row,
    };
    group.days.add(day);
    groups.set(key, group);
  });
  for (const g of groups.values()) {
    addChild(g.parent, 'schedules', {
      origin: g.origin,
      value: {
        id: childIds.id(regular, g.row, 'schedule', g.key),
        freq: 'WEEKLY',
        byday: weekOrder.filter((d) => g.days.has(d)).join(','),
        opens_at: g.hours.opens_at,
        closes_at: g.hours.closes_at,
        description: g.text,
        notes: g.hours.notes,
      },
    });
  }

  holiday.rows.forEach((row, i) => {
    const parent = parentOf(holiday, i, row, 'schedule', scheduleParents);
    if (!parent) return;
    const closed = bool(row.closed) ?? !(blank(row.opens_at) && blank(row.closes_at));
    const hours = closed ? null : parseOpeningHours(row.opens_at, row.closes_at);
    addChild(parent.draft, 'schedules', {
      origin: originOf(holiday, i, row),
      value: {
        id: childIds.id(holiday, row, 'schedule', parent.key),
        // Extension: a closure overrides regular hours from valid_from to valid_to.
        closed: closed || !hours ? true : null,
        valid_from: isoDateOrRaw(row.start_date ?? row.valid_from),
        valid_to:
          isoDateOrRaw(row.end_date ?? row.valid_to) ??
          isoDateOrRaw(row.start_date ?? row.valid_from),
        opens_at: hours?.opens_at ?? null,
        closes_at: hours?.closes_at ?? null,
        description: 'Holiday hours',
      },
    });
  });

  schedules.rows.forEach((row, i) => {
    const parent = parentOf(schedules, i, row, 'schedule', scheduleParents);
    if (!parent) return;
    const hours = parseOpeningHours(row.opens_at, row.closes_at);
    addChild(parent.draft, 'schedules', {
      origin: originOf(schedules, i, row),
      value: {
        id: childIds.id(schedules, row, 'schedule', parent.key),
        valid_from: isoDateOrRaw(row.valid_from),
        valid_to: isoDateOrRaw(row.valid_to),
        dtstart: isoDateOrRaw(row.dtstart),
        timezone: numberOrRaw(row.timezone),
        until: isoDateOrRaw(row.until),
        freq: get(row, 'freq')?.toUpperCase(),
        interval: intOrRaw(row.interval),
        byday: get(row, 'byday')?.toUpperCase().replace(/\s+/g, ''),
        bymonthday: get(row, 'bymonthday')?.replace(/\s+/g, ''),
        opens_at: hours?.opens_at ?? get(row, 'opens_at'),
        closes_at: hours?.closes_at ?? get(row, 'closes_at'),
        description: cleanText(row.description),
        attending_type: get(row, 'attending_type'),
        notes: cleanText(row.notes),
      },
    });
  });
}
