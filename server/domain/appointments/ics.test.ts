import { describe, expect, it } from 'vitest';
import { foldLine, renderCalendar } from './ics.ts';

const base = {
  uid: 'r1:1@wayfinder',
  stamp: new Date('2026-12-06T12:00:00Z'),
  summary: 'Appointment: Food Bank; bring ID, proof of address',
  location: 'Main Site, 100 Colfax Ave, Denver, CO 80202',
  description: 'Line one\nLine two',
};

describe('renderCalendar', () => {
  it('writes the start and end in the site’s zone with a matching VTIMEZONE', () => {
    const ics = renderCalendar({
      ...base,
      // 10:00–11:00 in Denver in winter (UTC−7).
      start: new Date('2026-12-10T17:00:00Z'),
      end: new Date('2026-12-10T18:00:00Z'),
      timezone: 'America/Denver',
    });
    const lines = ics.split('\r\n');
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(lines).toContain('DTSTART;TZID=America/Denver:20261210T100000');
    expect(lines).toContain('DTEND;TZID=America/Denver:20261210T110000');
    expect(lines).toContain('TZID:America/Denver');
    // 2026's fall-back (1 Nov, 02:00 MDT) and 2027's spring-forward (14 Mar, 02:00 MST).
    expect(ics).toContain(
      'BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0700',
    );
    expect(ics).toContain(
      'BEGIN:DAYLIGHT\r\nDTSTART:20270314T020000\r\nTZOFFSETFROM:-0700\r\nTZOFFSETTO:-0600',
    );
    expect(lines).toContain('SUMMARY:Appointment: Food Bank\\; bring ID\\, proof of address');
    expect(lines).toContain('DESCRIPTION:Line one\\nLine two');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
  });

  it('gives a zone without daylight saving one fixed observance', () => {
    const ics = renderCalendar({
      ...base,
      start: new Date('2026-07-01T16:00:00Z'),
      end: new Date('2026-07-01T17:00:00Z'),
      timezone: 'America/Phoenix',
    });
    expect(ics).toContain('DTSTART;TZID=America/Phoenix:20260701T090000');
    expect(ics).toContain('TZOFFSETFROM:-0700\r\nTZOFFSETTO:-0700');
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const folded = foldLine(`DESCRIPTION:${'ñ'.repeat(100)}`);
    for (const line of folded.split('\r\n'))
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(folded.replaceAll('\r\n ', '')).toBe(`DESCRIPTION:${'ñ'.repeat(100)}`);
  });
});
