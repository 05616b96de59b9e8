import { describe, expect, it } from 'vitest';
import {
  cleanText,
  countryCode,
  isoDateOrRaw,
  parseClock,
  parseOpeningHours,
  parseWeekday,
} from './text.ts';

describe('cleanText', () => {
  it('turns literal \\n into newlines and drops iCarol markers', () => {
    expect(cleanText('Feeds Miami.\\n\\nSince 1980.###MON###')).toBe('Feeds Miami.\n\nSince 1980.');
    expect(cleanText('  ###COL###  ')).toBeNull();
    expect(cleanText('')).toBeNull();
  });
});

describe('parseClock / parseOpeningHours', () => {
  it.each([
    ['9:00am', 9, 0, 'am'],
    ['5:00 pm', 5, 0, 'pm'],
    ['830am', 8, 30, 'am'],
    ['9:0am', 9, 0, 'am'],
    ['9am', 9, 0, 'am'],
    ['17:30', 17, 30, null],
    ['8:00m', 8, 0, null],
  ])('%s', (input, hours, minutes, meridiem) => {
    expect(parseClock(input)).toMatchObject({ hours, minutes, meridiem });
  });

  it('rejects what is not a time', () => {
    expect(parseClock('6:300pm')).toBeNull();
    expect(parseClock('')).toBeNull();
    expect(parseClock('noon')).toBeNull();
    expect(parseClock('13:00pm')).toBeNull();
  });

  it('converts to 24-hour HH:MM and keeps trailing notes', () => {
    expect(parseOpeningHours('9:00am', '5:00pm')).toEqual({
      opens_at: '09:00',
      closes_at: '17:00',
      notes: null,
    });
    expect(parseOpeningHours('12:00pm', '12:00am')).toEqual({
      opens_at: '12:00',
      closes_at: '24:00',
      notes: null,
    });
    expect(parseOpeningHours('8:00', '5:00')).toEqual({
      opens_at: '08:00',
      closes_at: '17:00',
      notes: null,
    });
    expect(parseOpeningHours('8:00am', '12:00pm (dispensing)')).toEqual({
      opens_at: '08:00',
      closes_at: '12:00',
      notes: 'dispensing',
    });
    expect(parseOpeningHours('', '5:00pm')).toBeNull();
  });
});

describe('parseWeekday', () => {
  it('reads names, abbreviations and ISO numbers', () => {
    expect(parseWeekday('Monday')).toBe('MO');
    expect(parseWeekday('thurs')).toBe('TH');
    expect(parseWeekday('1')).toBe('MO');
    expect(parseWeekday('7')).toBe('SU');
    expect(parseWeekday('0')).toBe('SU');
    expect(parseWeekday('Funday')).toBeNull();
  });
});

describe('isoDateOrRaw / countryCode', () => {
  it('normalizes dates and countries', () => {
    expect(isoDateOrRaw('12/31/2026')).toBe('2026-12-31');
    expect(isoDateOrRaw('2026-01-02T00:00:00Z')).toBe('2026-01-02');
    expect(isoDateOrRaw('soon')).toBe('soon');
    expect(countryCode('   ')).toBe('US');
    expect(countryCode('USA')).toBe('US');
    expect(countryCode('ca')).toBe('CA');
  });
});
