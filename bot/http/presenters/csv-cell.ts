// CSV injection (https://owasp.org/www-community/attacks/CSV_Injection): a spreadsheet runs a cell that starts with
// = + - or @ as a formula, and Excel and LibreOffice trim leading blanks before deciding, so "  =HYPERLINK(…)" is
// one too. csv-stringify's `escape_formulas` looks at the first character only.
const FORMULA = /^\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/; // and their full-width forms, which Numbers folds
const CONTROL = /^[\t\r]/;

/**
 * A text cell of an export, safe to open in a spreadsheet: prefixed with `'` when its first non-blank character
 * would start a formula, or when it starts with a tab or a carriage return (OWASP's list). Use it as
 * csv-stringify's `cast.string`; numbers are not cast through it, so a negative amount stays a number.
 */
export function escapeCsvFormula(value: string): string {
  return FORMULA.test(value) || CONTROL.test(value) ? `'${value}` : value;
}
