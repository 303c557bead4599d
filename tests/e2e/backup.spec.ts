import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { LINE_LUCCA_CAPANNORI } from '../fixtures/proposals/geometries.ts';
import { ROOT, startAtlas } from '../support/server-process.ts';
import { E2E_ACCOUNTS, E2E_PASSWORD, signIn } from './accounts.ts';

const run = promisify(execFile);

/** `npm run atlas -- …` as an operator types it: exit code and what it printed. */
async function atlasCli(dataDir: string, args: string[], input?: string) {
	const child = run(process.execPath, ['src/cli/atlas.ts', ...args], {
		cwd: ROOT,
		env: { ...process.env, ATLAS_PGLITE_DIR: dataDir }
	});
	if (input !== undefined) {
		child.child.stdin!.write(`${input}\n`);
		child.child.stdin!.end();
	}
	return child.then(
		({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
		(error: { code: number; stdout: string; stderr: string }) => ({
			code: error.code,
			stdout: error.stdout,
			stderr: error.stderr
		})
	);
}

const titles = async (page: Page) =>
	((await (await page.request.get('/api/v1/proposals')).json()) as { title: string }[])
		.map((p) => p.title)
		.sort();

test('a backup taken while the atlas serves restores proposals and accounts; a damaged file changes nothing', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const work = mkdtempSync(path.join(tmpdir(), 'atlas-backup-'));
	const dataDir = path.join(work, 'pglite');
	const backup = path.join(work, 'copie', 'atlante.tar.gz');
	const planner = E2E_ACCOUNTS.planner;
	try {
		const added = await atlasCli(
			dataDir,
			['user', 'add', '--email', planner.email, '--name', planner.name, '--role', 'planner'],
			E2E_PASSWORD
		);
		expect(added.code, added.stderr).toBe(0);
		const atlas = await startAtlas({
			port: 4394,
			env: { ATLAS_PGLITE_DIR: dataDir, ATLAS_BASEMAP_STYLE_URL: 'https://basemap.invalid/s.json' }
		});
		try {
			const context = await browser.newContext({ baseURL: atlas.url });
			const page = await context.newPage();
			await signIn(page, 'planner');
			const propose = (title: string) =>
				page.request.post('/api/v1/proposals', { data: { title, geometry: LINE_LUCCA_CAPANNORI } });
			expect((await propose('Prima del backup')).status()).toBe(201);

			const saved = await atlasCli(dataDir, ['backup', backup]);
			expect(saved.code, saved.stderr).toBe(0);
			expect(saved.stdout).toContain('mentre l’atlante era in funzione');
			expect(statSync(backup).size).toBeGreaterThan(1_000_000);

			expect((await propose('Dopo il backup')).status()).toBe(201);
			expect(await titles(page)).toEqual(['Dopo il backup', 'Prima del backup']);

			// Damaged files: refused in Italian, exit 2, nothing changed, the atlas still serves.
			const garbage = path.join(work, 'rotto.tar.gz');
			for (const bytes of [Buffer.alloc(4096, 7), gzipSync(Buffer.alloc(8192, 1))]) {
				writeFileSync(garbage, bytes);
				const refused = await atlasCli(dataDir, ['restore', garbage]);
				expect(refused.code).toBe(2);
				expect(refused.stderr).toContain('non è un backup dell’atlante');
				expect(await titles(page)).toEqual(['Dopo il backup', 'Prima del backup']);
			}
			const missing = await atlasCli(dataDir, ['restore', path.join(work, 'nessuno.tar.gz')]);
			expect(missing.code).toBe(2);
			expect(missing.stderr).toContain('non esiste');

			const restored = await atlasCli(dataDir, ['restore', backup]);
			expect(restored.code, restored.stderr).toBe(0);
			const keptAt = /conservato in (.+)\.$/m.exec(restored.stdout)![1];
			expect(existsSync(path.join(keptAt, 'PG_VERSION'))).toBe(true);
			// The session (an account's row) came back with the backup; the later proposal did not.
			expect(await titles(page)).toEqual(['Prima del backup']);
			// …and the password too: a new visitor signs in with it.
			const fresh = await browser.newContext({ baseURL: atlas.url });
			const again = await fresh.newPage();
			await signIn(again, 'planner');
			expect(await titles(again)).toEqual(['Prima del backup']);
			await fresh.close();
			const health = await (await page.request.get('/api/v1/health')).json();
			expect(health.status).toBe('ok');
			await context.close();
		} finally {
			await atlas.stop();
		}
		// With the atlas stopped the CLI opens the directory itself.
		const offline = await atlasCli(dataDir, ['backup', path.join(work, 'a-server-fermo.tar.gz')]);
		expect(offline.code, offline.stderr).toBe(0);
		expect(offline.stdout).not.toContain('in funzione');
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
});
