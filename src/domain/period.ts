// Reporting periods: a closed date range [start, end] plus a human label.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Parses an ISO calendar date (YYYY-MM-DD) as UTC midnight, or null if it is not a real date. */
export function parseIsoDate(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text ? date : null;
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function isMonthEnd(d: Date): boolean {
  return new Date(d.getTime() + 86_400_000).getUTCDate() === 1;
}

/**
 * A conventional label for a period: "2023", "2023 H1", "2023 Q3",
 * "2023 Jan-Jul", "2023 Aug", or the dates themselves.
 */
export function periodLabel(start: Date, end: Date): string {
  const sy = start.getUTCFullYear();
  const sm = start.getUTCMonth();
  const em = end.getUTCMonth();
  const wholeMonths = start.getUTCDate() === 1 && isMonthEnd(end);
  if (start.getTime() === end.getTime()) return isoDate(start);
  if (!wholeMonths || sy !== end.getUTCFullYear()) return `${isoDate(start)} to ${isoDate(end)}`;
  if (sm === 0 && em === 11) return `${sy}`;
  if (sm === 0 && em === 5) return `${sy} H1`;
  if (sm === 6 && em === 11) return `${sy} H2`;
  if (sm % 3 === 0 && em === sm + 2) return `${sy} Q${sm / 3 + 1}`;
  if (sm === em) return `${sy} ${MONTHS[sm]}`;
  return `${sy} ${MONTHS[sm]}-${MONTHS[em]}`;
}
