/**
 * Static server for the demo CRM pages in tests/fixtures/ (served from the root, so the legacy
 * page is /crm/legacy/index.html). It listens on two loopback ports, `port` and `port + 1`, with
 * the same files: two origins, so a page can embed a cross-origin frame from the second one.
 * Run directly (`npx tsx tests/demo/serve.ts`) it serves on 127.0.0.1:5173 and lists the pages.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export const FIXTURES_DIR = resolve(import.meta.dirname, '../fixtures');
const HOST = '127.0.0.1';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.htm': 'text/html',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
};

/**
 * The charset an HTML file declares in its first 1024 bytes (`<meta charset>` or the
 * http-equiv form), lower-cased; utf-8 when it declares none. Legacy frames are GBK on disk.
 */
export function declaredCharset(head: Buffer): string {
  const text = head.subarray(0, 1024).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(text);
  return (m?.[1] ?? 'utf-8').toLowerCase();
}

/** Content-Type for a served file: by extension, with the charset an HTML file declares. */
export function contentType(file: string, body: Buffer): string {
  const ext = extname(file).toLowerCase();
  const type = TYPES[ext] ?? 'application/octet-stream';
  return type === 'text/html' ? `text/html; charset=${declaredCharset(body)}` : type;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  let file = resolve(FIXTURES_DIR, `.${path}`);
  if (file !== FIXTURES_DIR && !file.startsWith(FIXTURES_DIR + sep)) {
    res.writeHead(403).end();
    return;
  }
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': contentType(file, body),
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
  }
}

function listen(port: number): Promise<Server> {
  return new Promise((done, fail) => {
    const server = createServer((req, res) => {
      handle(req, res).catch(() => res.writeHead(500).end());
    });
    server.once('error', fail);
    server.listen(port, HOST, () => {
      server.off('error', fail);
      done(server);
    });
  });
}

function shut(server: Server): Promise<void> {
  return new Promise((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });
}

const portOf = (server: Server): number => (server.address() as AddressInfo).port;

export interface Served {
  /** Base URL of the main origin, e.g. http://127.0.0.1:5173/ */
  url: string;
  /** Base URL of the second origin (port + 1), for cross-origin frames. */
  crossUrl: string;
  port: number;
  close: () => Promise<void>;
}

/** Serves tests/fixtures/ on 127.0.0.1 at `port` and `port + 1` (port 0: two free adjacent ports). */
export async function serveFixtures({ port }: { port: number }): Promise<Served> {
  for (let attempt = 0; ; attempt++) {
    const main = await listen(port);
    const p = portOf(main);
    try {
      const cross = await listen(p + 1);
      return {
        url: `http://${HOST}:${p}/`,
        crossUrl: `http://${HOST}:${p + 1}/`,
        port: p,
        close: async () => {
          await Promise.all([shut(main), shut(cross)]);
        },
      };
    } catch (e) {
      await shut(main);
      // A fixed port is the caller's choice: report it. A free port: try another pair.
      if (port !== 0 || attempt >= 20) throw e;
    }
  }
}

/** Every HTML page under crm/ whose name is index.html: the demo CRMs. */
export async function demoPages(): Promise<string[]> {
  const root = join(FIXTURES_DIR, 'crm');
  const entries = await readdir(root, { recursive: true });
  return entries
    .filter((f) => f.endsWith(`${sep}index.html`) || f === 'index.html')
    .map((f) => `/crm/${relative(root, join(root, f)).split(sep).join('/')}`)
    .sort();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const served = await serveFixtures({ port: Number(process.env.PORT ?? 5173) });
  process.stdout.write(`Demo CRM pages on ${served.url} (second origin ${served.crossUrl}):\n`);
  for (const page of await demoPages())
    process.stdout.write(`  ${new URL(page, served.url).href}\n`);
  process.stdout.write('Ctrl+C to stop.\n');
  process.on('SIGINT', () => {
    void served.close().then(() => process.exit(0));
  });
}
