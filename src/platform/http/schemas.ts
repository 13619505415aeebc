/** Zod building blocks shared by every feature's request and response schemas. */
import { z } from '@hono/zod-openapi';
import { isCalendarDate } from '../../core/dates.js';
import { isCurrency, moneyProblem } from '../../core/money.js';

export const Uuid = z.uuid({ message: 'must be an id (UUID)' }).openapi({ example: '7d4f3e2a-1b2c-4d5e-8f90-123456789abc' });

export const CalendarDate = z
  .string()
  .refine(isCalendarDate, { message: 'must be a real date in the form YYYY-MM-DD' })
  .openapi({ example: '2026-01-31', format: 'date' });

export const Money = z
  .string()
  .superRefine((v, ctx) => {
    const p = moneyProblem(v);
    if (p) ctx.addIssue({ code: 'custom', message: p });
  })
  .openapi({ example: '125000.00', description: 'Decimal string, at most 2 decimal places, never negative' });

export const Currency = z
  .string()
  .refine(isCurrency, { message: 'must be an ISO 4217 currency code such as EUR or USD' })
  .openapi({ example: 'EUR' });

/** A single-line text field: trimmed, not empty, bounded. */
export const Text = (max = 200) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
export const LongText = (max = 20_000) => z.string().max(max, `must be at most ${max} characters`);

export const PageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1).openapi({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(100).default(25).openapi({ example: 25 }),
};

export const IdParam = z.object({ id: Uuid.openapi({ param: { name: 'id', in: 'path' } }) });

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      requestId: z.string().optional(),
    }),
  })
  .openapi('Error');

const err = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });

/** The error responses most routes can give. */
export const commonErrors = {
  400: err('Invalid input'),
  401: err('Not signed in'),
  403: err('Not allowed'),
  404: err('Not found'),
} as const;

export const writeErrors = {
  ...commonErrors,
  409: err('Duplicate'),
  412: err('Stale version'),
  413: err('Body too large'),
  415: err('Wrong content type'),
} as const;

export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { content: { 'application/json': { schema } }, required: true, description };
}

export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
