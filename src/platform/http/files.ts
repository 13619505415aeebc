/** Files over HTTP: reading a multipart upload, naming a download. */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { AppError, invalid } from '../../core/errors.js';

export interface Upload {
  filename: string;
  bytes: Buffer;
  /** The form's text fields (file fields and repeated fields left out). */
  fields: Record<string, string>;
}

/** The uploaded file in `field` (default "file") and the form's text fields, or a clear 400. */
export async function readUpload(c: Context, field = 'file'): Promise<Upload> {
  let form: Record<string, unknown>;
  try {
    form = await c.req.parseBody();
  } catch {
    throw new AppError('validation_failed', 'The upload could not be read; send it as multipart/form-data.');
  }
  const file = form[field];
  if (!(file instanceof File)) throw invalid({ [field]: 'Choose a file to upload.' });
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) if (typeof v === 'string') fields[k] = v;
  return { filename: file.name, bytes: Buffer.from(await file.arrayBuffer()), fields };
}

/** A Content-Disposition header value for a download: an ASCII fallback name and the UTF-8 name. */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** A CSV text sent as a download named `filename`. */
export function csvDownload(c: Context, filename: string, csv: string): Response {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', attachment(filename));
  c.header('X-Content-Type-Options', 'nosniff');
  return c.body(csv, 200);
}

/** The OpenAPI request body of an upload: a `file`, an optional `title`, and any other text fields. */
export function uploadBody(fields: Record<string, z.ZodType> = {}) {
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: z.object({ file: z.any().openapi({ type: 'string', format: 'binary' }), title: z.string().optional(), ...fields }),
      },
    },
  };
}
