/** @jsxImportSource hono/jsx */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';

/**
 * Dates as the person reading them expects: in their time zone (the `console-tz` cookie the
 * console's script sets; UTC until it does, or without the script) and their language (the
 * browser's Accept-Language), with the exact UTC time in the title, shown on hover.
 */

export type DateStyle = 'datetime' | 'date' | 'time';

const styles: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
};

export interface Dates {
  locale: string;
  timeZone: string;
  format(date: Date, style?: DateStyle): string;
}

const zones = new Set(Intl.supportedValuesOf('timeZone'));

/** The first language of an Accept-Language header that Intl knows, else en-US. */
export function localeOf(acceptLanguage: string | undefined): string {
  const tags = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.split(';')[0]?.trim() ?? '')
    .filter((tag) => /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(tag))
    .slice(0, 10);
  for (const tag of tags) {
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // Not a tag Intl reads: try the next.
    }
  }
  return 'en-US';
}

/** A known IANA time zone, else UTC. */
export const timeZoneOf = (value: string | undefined): string =>
  value && value.length <= 64 && (zones.has(value) || value === 'UTC') ? value : 'UTC';

export function datesFor(locale: string, timeZone: string): Dates {
  const formats = new Map<DateStyle, Intl.DateTimeFormat>();
  return {
    locale,
    timeZone,
    format(date, style = 'datetime') {
      let format = formats.get(style);
      if (!format) {
        format = new Intl.DateTimeFormat(locale, { ...styles[style], timeZone });
        formats.set(style, format);
      }
      return format.format(date);
    },
  };
}

export const datesOf = (c: Context): Dates =>
  datesFor(localeOf(c.req.header('Accept-Language')), timeZoneOf(getCookie(c, 'console-tz')));

/** The exact time, in UTC, as the title of every date. */
export const utcTitle = (date: Date): string => `${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`;

export function When({ date, dates, style = 'datetime' }: { date: Date; dates: Dates; style?: DateStyle }) {
  return (
    <time datetime={date.toISOString()} title={utcTitle(date)} data-style={style}>
      {dates.format(date, style)}
    </time>
  );
}

/** The offset of `timeZone` from UTC at `at`, in milliseconds. */
function offsetMs(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return (
    Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(at / 1000) * 1000
  );
}

/** When the day `yyyy-mm-dd` begins in `timeZone` (a date field's value, read where the person is). */
export function startOfDay(day: string, timeZone: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const local = Date.UTC(y, m - 1, d);
  let at = local - offsetMs(local, timeZone);
  // Once more at the guess: a zone whose offset changes that day (summer time) lands right.
  at = local - offsetMs(at, timeZone);
  return new Date(at);
}
