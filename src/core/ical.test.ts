import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine, icalDateTime, leadTrigger, unescapeText, unfold } from './ical.js';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

describe('escapeText', () => {
  it('escapes backslashes, semicolons, commas and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });
  it('drops control characters but keeps tabs', () => expect(escapeText('a\u0000b\u0007c\td')).toBe('abc\td'));
  it('round-trips any text without control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const clean = s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
        expect(unescapeText(escapeText(s))).toBe(clean);
        // Nothing left that would end the value or the line early.
        expect(escapeText(s)).not.toMatch(/[\r\n]|(?<!\\)[;,]/);
      }),
    );
  });
});

describe('foldLine', () => {
  it('leaves short lines alone and folds long ones at 75 octets', () => {
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
    const long = `DESCRIPTION:${'x'.repeat(200)}`;
    const lines = foldLine(long).split('\r\n');
    expect(lines[0]).toHaveLength(75);
    for (const l of lines.slice(1)) expect(l.startsWith(' ')).toBe(true);
  });
  it('never splits a UTF-8 character', () => {
    const lines = foldLine(`SUMMARY:${'é'.repeat(100)}`).split('\r\n');
    for (const l of lines) expect(l).not.toContain('\uFFFD');
    expect(octets(lines[0])).toBeLessThanOrEqual(75);
  });
  it('keeps every line within 75 octets and unfolds to the original, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (s) => {
        const value = `DESCRIPTION:${escapeText(s)}`;
        const folded = foldLine(value);
        for (const line of folded.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
        expect(unfold(folded)).toBe(value);
      }),
    );
  });
});

describe('dates and alarms', () => {
  it('formats instants in UTC', () => expect(icalDateTime(new Date('2026-03-04T05:06:07.891Z'))).toBe('20260304T050607Z'));
  it('rings at 09:00 on the day and the given days before', () => {
    expect(leadTrigger(0)).toBe('PT9H');
    expect(leadTrigger(1)).toBe('-PT15H');
    expect(leadTrigger(7)).toBe('-P6DT15H');
    expect(leadTrigger(30)).toBe('-P29DT15H');
  });
});

describe('buildCalendar', () => {
  const cal = buildCalendar({
    name: 'Steward: deadlines, for Ana',
    events: [
      {
        uid: 'deadline-1@steward',
        date: '2026-12-31',
        summary: 'C-1: Contract ends',
        description: 'Contract: C-1 Chatbot; permits\nOwner team: Procurement',
        url: 'https://steward.example/contracts/1',
        categories: ['Contract end'],
        updatedAt: new Date('2026-01-02T03:04:05Z'),
        sequence: 2,
        alarms: [7, 0],
      },
    ],
  });
  it('uses CRLF line endings only and ends with one', () => {
    expect(cal.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(cal.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
  it('writes an all-day event ending the next day (the end is exclusive), across a year end', () => {
    expect(cal).toContain('DTSTART;VALUE=DATE:20261231\r\n');
    expect(cal).toContain('DTEND;VALUE=DATE:20270101\r\n');
    expect(cal).toContain('SUMMARY:C-1: Contract ends\r\n');
    expect(unfold(cal)).toContain('DESCRIPTION:Contract: C-1 Chatbot\\; permits\\nOwner team: Procurement\r\n');
    expect(cal).toContain('X-WR-CALNAME:Steward: deadlines\\, for Ana\r\n');
    expect(cal.match(/BEGIN:VALARM/g)).toHaveLength(2);
  });
});
