// The atlas in Supabase mode for the end-to-end suite: a stand-in Supabase Auth on loopback, a
// fresh embedded database where that user has been granted a role (as `npm run atlas -- user
// grant` does on a Supabase project), and the built atlas pointed at both.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { grantRole } from '../../src/lib/server/auth/accounts.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import { openDatabase } from '../../src/lib/server/db/index.ts';
import { SUPABASE_E2E } from '../e2e/accounts.ts';
import { startFakeSupabaseAuth } from './fake-supabase-auth.ts';
import { ROOT } from './server-process.ts';

const port = Number(process.env.PORT ?? 4318);
const authPort = Number(process.env.FAKE_AUTH_PORT ?? port + 1);
const dataDir = mkdtempSync(path.join(tmpdir(), 'atlas-e2e-supabase-'));

const auth = await startFakeSupabaseAuth({
	port: authPort,
	email: SUPABASE_E2E.email,
	password: SUPABASE_E2E.password
});
const db = await openDatabase(readConfig({ ...process.env, ATLAS_PGLITE_DIR: dataDir }));
try {
	// What Supabase Auth owns on a real project: its users.
	await db.query('create table if not exists auth.users (id uuid primary key, email text)');
	await db.query('insert into auth.users (id, email) values ($1, $2)', [
		auth.user.id,
		auth.user.email
	]);
	await grantRole(db, {
		email: SUPABASE_E2E.email,
		role: 'planner',
		display_name: SUPABASE_E2E.name
	});
} finally {
	await db.close();
}

const atlas = spawn(process.execPath, ['src/server.ts'], {
	cwd: ROOT,
	stdio: 'inherit',
	env: {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ATLAS_PGLITE_DIR: dataDir,
		SUPABASE_URL: auth.url,
		SUPABASE_ANON_KEY: 'chiave-pubblica-finta-solo-per-i-test'
	}
});
const stop = async () => {
	atlas.kill('SIGTERM');
	await auth.close();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
atlas.once('exit', (code) => {
	void auth.close();
	process.exit(code ?? 0);
});
