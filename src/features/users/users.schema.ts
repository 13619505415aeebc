import { z } from '@hono/zod-openapi';
import { ROLES } from '../../core/policy.js';
import { PageQuery, Text, Uuid } from '../../platform/http/schemas.js';

export const Email = z
  .string()
  .trim()
  .max(254)
  .email({ message: 'must be an e-mail address' })
  .transform((s) => s.toLowerCase());

export const User = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    departmentId: z.string().nullable(),
    departmentName: z.string().nullable(),
    vendorId: z.string().nullable(),
    vendorName: z.string().nullable(),
    disabled: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
    version: z.number().int(),
  })
  .openapi('User');
export type UserDto = z.infer<typeof User>;

export const UserCreate = z.strictObject({
  email: Email,
  name: Text(120),
  role: z.enum(ROLES),
  departmentId: Uuid.nullable().optional(),
  vendorId: Uuid.nullable().optional(),
  password: z.string().max(200),
});
export type UserCreateInput = z.infer<typeof UserCreate>;

export const UserUpdate = z.strictObject({
  version: z.number().int().min(1),
  name: Text(120).optional(),
  role: z.enum(ROLES).optional(),
  departmentId: Uuid.nullable().optional(),
  vendorId: Uuid.nullable().optional(),
  disabled: z.boolean().optional(),
  password: z.string().max(200).optional(),
});
export type UserUpdateInput = z.infer<typeof UserUpdate>;

export const UserListQuery = z.object({
  q: z.string().max(200).optional(),
  role: z.enum(ROLES).optional(),
  departmentId: Uuid.optional(),
  ...PageQuery,
});
