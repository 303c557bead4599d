// Backups of the embedded database, taken and restored while the atlas keeps serving.
//
// PGlite is one process's database: a second process must not open the directory the server has
// open. So the running server listens on a Unix socket beside its data directory (only this
// machine's user that runs it can connect: mode 0600), and the CLI asks it for a backup or a
// restore; when no server answers, the CLI opens the directory itself.
import { createServer, request, type Server } from 'node:http';
import { chmod, mkdir, rename, rm, stat, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { AtlasConfig } from '../config.ts';
import type { EmbeddedDatabase } from './engine.ts';
import { openPglite } from './pglite.ts';

const gunzipAsync = promisify(gunzip);

/** The socket the running server listens on, beside (not inside) its data directory. */
export const controlSocketPath = (dataDir: string) =>
	path.join(path.dirname(dataDir), `${path.basename(dataDir)}.control.sock`);

/** Where a restore puts the directory it replaces, so that nothing is ever deleted by it. */
export const keptDirectoryPath = (dataDir: string, now = new Date()) =>
	`${dataDir}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;

/**
 * A backup is a gzipped tar of a PostgreSQL data directory (PGlite's dumpDataDir). Checked whole
 * before anything is touched: PGlite itself does not survive a damaged stream.
 */
export class BackupFileError extends Error {}
export async function checkBackupFile(bytes: Uint8Array): Promise<void> {
	if (bytes.byteLength < 1024 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
		throw new BackupFileError('not_a_backup');
	let tar: Buffer;
	try {
		tar = await gunzipAsync(bytes);
	} catch {
		throw new BackupFileError('not_a_backup');
	}
	const isTar = tar.byteLength > 512 && tar.subarray(257, 262).toString('latin1') === 'ustar';
	if (!isTar || tar.indexOf('PG_VERSION') < 0) throw new BackupFileError('not_a_backup');
}

/** Restores a file that the database cannot load (the worker tries it in memory first). */
async function restoring(work: Promise<void>): Promise<void> {
	try {
		await work;
	} catch (error) {
		if ((error as { code?: string }).code === 'not_a_backup')
			throw new BackupFileError((error as Error).message);
		throw error;
	}
}

async function readBody(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	for await (const chunk of stream) chunks.push(chunk);
	return Buffer.concat(chunks);
}

/**
 * Serves backups and restores of the server's open database on its control socket.
 * `afterRestore` brings a restored database up to date (migrations, geodata).
 */
export async function serveControlSocket(
	db: EmbeddedDatabase,
	dataDir: string,
	afterRestore: () => Promise<void>
): Promise<Server> {
	const socket = controlSocketPath(dataDir);
	await rm(socket, { force: true }); // left by a server that was killed
	const server = createServer(async (req, res) => {
		try {
			if (req.method === 'POST' && req.url === '/backup') {
				const tarball = await db.backup();
				res.writeHead(200, { 'content-type': 'application/gzip' }).end(tarball);
			} else if (req.method === 'POST' && req.url === '/restore') {
				const tarball = await readBody(req);
				await checkBackupFile(tarball);
				const keptAt = keptDirectoryPath(dataDir);
				await restoring(db.restore(tarball, keptAt));
				await afterRestore();
				res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keptAt }));
			} else res.writeHead(404).end();
		} catch (error) {
			const code = error instanceof BackupFileError ? 'not_a_backup' : 'failed';
			res
				.writeHead(code === 'not_a_backup' ? 400 : 500, { 'content-type': 'application/json' })
				.end(JSON.stringify({ code, message: (error as Error).message }));
		}
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(socket, () => resolve());
	});
	await chmod(socket, 0o600);
	return server;
}

/** Asks the server on the socket; null when no server is listening there. */
function askServer(
	socket: string,
	route: '/backup' | '/restore',
	body?: Uint8Array
): Promise<{ status: number; body: Uint8Array } | null> {
	return new Promise((resolve, reject) => {
		const req = request({ socketPath: socket, path: route, method: 'POST' }, async (res) =>
			resolve({ status: res.statusCode ?? 500, body: await readBody(res) })
		);
		req.on('error', (error: NodeJS.ErrnoException) =>
			['ENOENT', 'ECONNREFUSED'].includes(error.code ?? '') ? resolve(null) : reject(error)
		);
		req.end(body);
	});
}

function failure(reply: { body: Uint8Array }): Error {
	const { code, message } = JSON.parse(Buffer.from(reply.body).toString()) as {
		code: string;
		message: string;
	};
	return code === 'not_a_backup' ? new BackupFileError(code) : new Error(message);
}

export type BackupOutcome = { bytes: number; by: 'server' | 'cli' };

/** Writes a consistent backup of the embedded database to `file` (atomically: no half files). */
export async function backupEmbedded(config: AtlasConfig, file: string): Promise<BackupOutcome> {
	const dataDir = config.ATLAS_PGLITE_DIR;
	const reply = await askServer(controlSocketPath(dataDir), '/backup');
	let tarball: Uint8Array;
	let by: BackupOutcome['by'] = 'server';
	if (reply) {
		if (reply.status !== 200) throw failure(reply);
		tarball = reply.body;
	} else {
		by = 'cli';
		await stat(path.join(dataDir, 'PG_VERSION')); // no database there: say so, create none
		const db = await openPglite(dataDir);
		try {
			tarball = await db.backup();
		} finally {
			await db.close();
		}
	}
	await mkdir(path.dirname(path.resolve(file)), { recursive: true });
	const partial = `${file}.partial`;
	await writeFile(partial, tarball);
	await rename(partial, file);
	return { bytes: tarball.byteLength, by };
}

/** Replaces the embedded database with the backup in `file`; the replaced directory is kept. */
export async function restoreEmbedded(
	config: AtlasConfig,
	file: string
): Promise<{ keptAt: string; by: 'server' | 'cli' }> {
	const tarball = new Uint8Array(await readFile(file));
	await checkBackupFile(tarball);
	const dataDir = config.ATLAS_PGLITE_DIR;
	const reply = await askServer(controlSocketPath(dataDir), '/restore', tarball);
	if (reply) {
		if (reply.status !== 200) throw failure(reply);
		return {
			...(JSON.parse(Buffer.from(reply.body).toString()) as { keptAt: string }),
			by: 'server'
		};
	}
	const keptAt = keptDirectoryPath(dataDir);
	const db = await openPglite(dataDir);
	try {
		await restoring(db.restore(tarball, keptAt));
	} finally {
		await db.close();
	}
	return { keptAt, by: 'cli' };
}
