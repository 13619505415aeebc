/**
 * Invoices, payments and prompt payment: the pure rules. No I/O: holidays and rate tables are data
 * the caller passes in (the defaults here seed the database).
 *
 * - Working days and US federal holidays: workingDays.ts
 * - Rate tables and the default Prompt Payment rates: rates.ts
 * - Due dates, defect-return deadlines, early payment: dueDates.ts
 * - Late-payment interest: interest.ts
 * - Proper-invoice checklist and totals: invoiceChecks.ts
 * - Key-question evidence and the UK report: evidence.ts
 */
export * from './workingDays.js';
export * from './rates.js';
export * from './dueDates.js';
export * from './interest.js';
export * from './invoiceChecks.js';
export * from './evidence.js';
