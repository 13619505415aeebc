import { z } from '@hono/zod-openapi';
import { Text } from '../../platform/http/schemas.js';

export const Department = z.object({ id: z.string(), name: z.string(), code: z.string(), version: z.number().int() }).openapi('Department');
export type DepartmentDto = z.infer<typeof Department>;

export const DepartmentCreate = z.strictObject({
  name: Text(120),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{2,12}$/, 'must be 2 to 12 letters, digits or dashes'),
});
export const DepartmentUpdate = DepartmentCreate.partial()
  .extend({ version: z.number().int().min(1) })
  .strict();
