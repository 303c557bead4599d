// Starts a throw-away PostgreSQL + PostGIS server on a free loopback port (Debian's postgresql-15
// and postgresql-15-postgis-3). Used by the database tests and the benchmark; it throws, never
// skips, when the server cannot be started.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PostgresServer {
	url: string;
	stop(): void;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() =>
				typeof address === 'object' && address
					? resolve(address.port)
					: reject(new Error('no port'))
			);
		});
	});
}

function findBinDir(): string {
	const candidates = [
		process.env.PG_BIN,
		'/usr/lib/postgresql/15/bin',
		'/usr/lib/postgresql/16/bin',
		'/usr/lib/postgresql/17/bin'
	];
	const found = candidates.find((dir) => dir && existsSync(path.join(dir, 'pg_ctl')));
	if (!found) {
		throw new Error(
			'PostgreSQL server binaries not found: install postgresql-15 and postgresql-15-postgis-3 (.ci/run does), or set PG_BIN.'
		);
	}
	return found;
}

export async function startPostgres(): Promise<PostgresServer> {
	const bin = findBinDir();
	const dir = mkdtempSync(path.join(tmpdir(), 'atlas-pg-'));
	const port = await freePort();
	const isRoot = process.getuid?.() === 0;
	// initdb refuses to run as root: run the server as the postgres user then.
	const run = (command: string, args: string[]) => {
		const [file, argv] = isRoot
			? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]]
			: [path.join(bin, command), args];
		const result = spawnSync(file, argv, { encoding: 'utf8' });
		if (result.status !== 0) {
			throw new Error(
				`${command} failed (${result.status}): ${result.stderr || result.stdout || result.error}`
			);
		}
	};
	if (isRoot)
		chownSync(
			dir,
			Number(execFileSync('id', ['-u', 'postgres']).toString()),
			Number(execFileSync('id', ['-g', 'postgres']).toString())
		);
	const data = path.join(dir, 'data');
	run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale']);
	run('pg_ctl', [
		'-D',
		data,
		'-o',
		`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
		'-l',
		path.join(dir, 'log'),
		'-w',
		'start'
	]);
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		stop() {
			try {
				run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}
