/**
 * iCalendar (RFC 5545) text for deadline feeds: all-day events, TEXT escaping, content lines
 * folded at 75 octets without splitting a UTF-8 character, CRLF line endings. Pure.
 */
import { addDays } from './dates.js';

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** Escape a TEXT value (§3.3.11): backslash, semicolon, comma, and line breaks as `\n`. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // Control characters other than the line break are not allowed in TEXT.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\n/g, '\\n')
  );
}

/** Read an escaped TEXT value back (the inverse of escapeText for text without control characters). */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/**
 * Fold one content line (§3.1): no line longer than 75 octets, continuation lines start with
 * one space, and a multi-octet UTF-8 character is never split across lines.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** Undo folding (a CRLF followed by one space or tab joins the lines). */
export function unfold(text: string): string {
  return text.replace(/\r\n[ \t]/g, '');
}

/** YYYY-MM-DD as an iCalendar DATE (YYYYMMDD). */
export function icalDate(date: string): string {
  return date.replaceAll('-', '');
}

/** An instant as an iCalendar UTC DATE-TIME (YYYYMMDDTHHMMSSZ). */
export function icalDateTime(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * A VALARM trigger for a reminder `leadDays` before an all-day event, at 09:00 local time on
 * that day (a trigger of -P1D alone would ring at midnight).
 */
export function leadTrigger(leadDays: number): string {
  const minutes = -leadDays * 24 * 60 + 9 * 60;
  const sign = minutes < 0 ? '-' : '';
  let rest = Math.abs(minutes);
  const days = Math.floor(rest / 1440);
  rest -= days * 1440;
  const hours = Math.floor(rest / 60);
  const mins = rest - hours * 60;
  const time = hours || mins ? `T${hours ? `${hours}H` : ''}${mins ? `${mins}M` : ''}` : '';
  return `${sign}P${days ? `${days}D` : ''}${time || (days ? '' : 'T0M')}`;
}

export interface AllDayEvent {
  uid: string;
  /** The day it is due, YYYY-MM-DD. */
  date: string;
  summary: string;
  description: string;
  url?: string | null;
  categories?: string[];
  /** When the event last changed: DTSTAMP and LAST-MODIFIED. */
  updatedAt: Date;
  /** Increases with every change of the event (its record version). */
  sequence: number;
  /** Reminder lead times in days (0 = on the day). */
  alarms?: number[];
}

export interface CalendarSpec {
  name: string;
  description?: string;
  /** How often calendar programs should fetch the feed again, in minutes. */
  refreshMinutes?: number;
  events: AllDayEvent[];
}

function prop(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}

/** A VCALENDAR with one all-day VEVENT per deadline, as CRLF-terminated, folded content lines. */
export function buildCalendar(spec: CalendarSpec): string {
  const refresh = spec.refreshMinutes ?? 60;
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Steward//Contract deadlines//EN',
    'CALSCALE:GREGORIAN',
    prop('X-WR-CALNAME', escapeText(spec.name)),
    ...(spec.description ? [prop('X-WR-CALDESC', escapeText(spec.description))] : []),
    `REFRESH-INTERVAL;VALUE=DURATION:PT${refresh}M`,
    `X-PUBLISHED-TTL:PT${refresh}M`,
  ];
  for (const e of spec.events) {
    const stamp = icalDateTime(e.updatedAt);
    lines.push(
      'BEGIN:VEVENT',
      prop('UID', e.uid),
      `DTSTAMP:${stamp}`,
      `LAST-MODIFIED:${stamp}`,
      `SEQUENCE:${Math.max(0, Math.trunc(e.sequence))}`,
      `DTSTART;VALUE=DATE:${icalDate(e.date)}`,
      `DTEND;VALUE=DATE:${icalDate(addDays(e.date, 1))}`,
      prop('SUMMARY', escapeText(e.summary)),
      prop('DESCRIPTION', escapeText(e.description)),
    );
    if (e.url) lines.push(prop('URL;VALUE=URI', e.url));
    if (e.categories?.length) lines.push(prop('CATEGORIES', e.categories.map(escapeText).join(',')));
    lines.push('TRANSP:TRANSPARENT', 'STATUS:CONFIRMED');
    for (const lead of e.alarms ?? []) {
      lines.push(
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        prop(
          'DESCRIPTION',
          escapeText(lead === 0 ? `Due today: ${e.summary}` : `Due in ${lead} day${lead === 1 ? '' : 's'}: ${e.summary}`),
        ),
        `TRIGGER:${leadTrigger(lead)}`,
        'END:VALARM',
      );
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.join(CRLF) + CRLF;
}
