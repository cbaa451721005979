/** First characters a spreadsheet reads as the start of a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One text cell of a CSV file (RFC 4180): quoted when it holds a comma, quote or line break, and — against formula
 * injection — a cell starting with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'` and quoted, so a
 * spreadsheet shows it as text instead of running it. Only text cells (ids, names) go through here; numbers are
 * written by the table writer as numbers.
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 * @see https://www.rfc-editor.org/rfc/rfc4180
 * @example csvCell("=1+1"); // "\"'=1+1\""
 */
export function csvCell(text: string): string {
  if (FORMULA_START.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
