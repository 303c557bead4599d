// The atlas's HTTP server, as adapter-node's "custom server": its handler (SvelteKit, static
// files) behind the front desk, which answers repeated public reads from memory first
// (src/lib/server/front-desk.ts). Run after `vite build`: `node src/server.ts`.
//
// The environment is adapter-node's: HOST, PORT, SHUTDOWN_TIMEOUT, KEEP_ALIVE_TIMEOUT and
// HEADERS_TIMEOUT here; ORIGIN, BODY_SIZE_LIMIT and the rest in its handler.
import type { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
type FrontDesk = (req: IncomingMessage, res: ServerResponse) => boolean;

const build = path.resolve(import.meta.dirname, '../build');
// Importing the handler runs the hooks' init: the database is open, the front desk with it.
const { handler } = (await import(pathToFileURL(path.join(build, 'handler.js')).href)) as {
	handler: Handler;
};
const frontDesk = (globalThis as Record<symbol, FrontDesk | undefined>)[
	Symbol.for('atlante-lucca.front-desk')
];

const seconds = (name: string) =>
	process.env[name] === undefined ? undefined : Number(process.env[name]) * 1000;

const server = http.createServer();
server.keepAliveTimeout = seconds('KEEP_ALIVE_TIMEOUT') ?? server.keepAliveTimeout;
server.headersTimeout = seconds('HEADERS_TIMEOUT') ?? server.headersTimeout;

let stopping = false;
server.on('request', (req: IncomingMessage, res: ServerResponse) => {
	// While stopping, a connection is closed as soon as its request is answered.
	if (stopping) res.once('finish', () => server.closeIdleConnections());
	if (frontDesk?.(req, res)) return;
	handler(req, res, () => {
		res.statusCode = 404;
		res.end();
	});
});

const host = process.env.HOST ?? '0.0.0.0';
const port = Number(process.env.PORT ?? 3000);
server.listen({ host, port }, () => console.log(`Listening on http://${host}:${port}`));

/** As adapter-node: finish what is under way, then let the hooks close the database. */
function stop(reason: 'SIGINT' | 'SIGTERM') {
	if (stopping) return;
	stopping = true;
	server.closeIdleConnections();
	const force = setTimeout(
		() => server.closeAllConnections(),
		seconds('SHUTDOWN_TIMEOUT') ?? 30_000
	);
	server.close(() => {
		clearTimeout(force);
		// adapter-node's own event (its types declare only the listening side).
		(process as EventEmitter).emit('sveltekit:shutdown', reason);
	});
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
