/** The API router factory: OpenAPI routes whose validation failures use Steward's error shape. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError } from '../../core/errors.js';
import type { ServiceContext } from '../context.js';
import { requireActor } from './auth.js';
import { zodFields } from './errors.js';
import type { AppEnv } from './types.js';

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        throw new AppError('validation_failed', 'Some fields are not valid.', zodFields(result.error));
      }
    },
  });
}

/** The service context for a signed-in request (401 otherwise). */
export function serviceContext(c: Context<AppEnv>): ServiceContext {
  return { db: c.get('db'), actor: requireActor(c), requestId: c.get('requestId'), log: c.get('log') };
}

export const security: Record<string, string[]>[] = [{ cookieAuth: [] }, { bearerAuth: [] }];
