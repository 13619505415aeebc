/** Serve the built web app (with SPA fallback) and the local API docs page. */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from './types.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

async function sendFile(file: string, cacheForever: boolean): Promise<Response | null> {
  try {
    const data = await fs.readFile(file);
    return new Response(data, {
      headers: {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': cacheForever ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  } catch {
    return null;
  }
}

export function webDistDir(): string {
  return path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../web/dist');
}

export function mountWeb(app: Hono<AppEnv>, dist = webDistDir()) {
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path === '/api') return next();
    if (!existsSync(dist)) return c.text('The web app is not built yet. Run `npm run build:web` (npm start does this for you).', 503);
    const rel = path.normalize(decodeURIComponent(c.req.path)).replace(/^([/\\])+/, '');
    const file = path.join(dist, rel);
    if (file.startsWith(dist + path.sep) && path.extname(file)) {
      const res = await sendFile(file, rel.startsWith('assets/'));
      if (res) return res;
      return c.text('Not found', 404);
    }
    const index = await sendFile(path.join(dist, 'index.html'), false);
    return index ?? c.text('Not found', 404);
  });
}

export function mountApiDocs(app: Hono<AppEnv>) {
  const require = createRequire(import.meta.url);
  const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  app.get('/api/docs', (c) =>
    c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Steward API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><main id="swagger-ui" aria-label="Steward API reference"></main>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`),
  );
  app.get('/api/docs/init.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(
      // validatorUrl: null, or Swagger UI sends the spec's address to validator.swagger.io for a badge.
      "window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, withCredentials: true, validatorUrl: null, requestInterceptor: function (r) { var m = document.cookie.match(/(?:^|; )steward_csrf=([^;]+)/); if (m) r.headers['X-CSRF-Token'] = decodeURIComponent(m[1]); return r; } });",
    );
  });
  app.get('/api/docs/assets/:file', async (c) => {
    const name = c.req.param('file');
    if (!/^[\w.-]+$/.test(name)) return c.text('Not found', 404);
    const res = await sendFile(path.join(swaggerDir, name), true);
    return res ?? c.text('Not found', 404);
  });
}
