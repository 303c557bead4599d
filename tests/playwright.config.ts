import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { SUPABASE_E2E_PORT } from './e2e/accounts.ts';

const root = path.resolve(import.meta.dirname, '..');
const port = Number(process.env.E2E_PORT ?? 4317);
// A fresh embedded database for every run: the suite proves a first start works.
const dataDir = process.env.E2E_PGLITE_DIR ?? mkdtempSync(path.join(tmpdir(), 'atlas-e2e-'));

/** Debian's Chromium, with the flags that give headless WebGL through SwiftShader (stack notes). */
export const chromiumLaunch = {
	executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-quic',
		'--use-angle=swiftshader',
		'--enable-unsafe-swiftshader',
		'--ignore-gpu-blocklist'
	]
};

export default defineConfig({
	testDir: 'e2e',
	outputDir: path.join(root, 'test-results/e2e'),
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 15_000 },
	reporter: [['list'], ['json', { outputFile: path.join(root, 'test-results/e2e.json') }]],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		browserName: 'chromium',
		viewport: { width: 1280, height: 800 },
		launchOptions: chromiumLaunch,
		locale: 'it-IT'
	},
	webServer: [
		{
			// The built app (npm test builds it first), as `npm start` serves it.
			// The suite's accounts first (in the fresh database), then the server.
			command: 'node tests/support/e2e-accounts.ts && node src/server.ts',
			cwd: root,
			url: `http://127.0.0.1:${port}/api/v1/municipalities/046007`,
			reuseExistingServer: false,
			timeout: 120_000,
			stdout: 'pipe',
			env: {
				PORT: String(port),
				HOST: '127.0.0.1',
				ATLAS_PGLITE_DIR: dataDir,
				// Never resolves (.invalid): tests intercept it to play an online, failing or hanging basemap.
				ATLAS_BASEMAP_STYLE_URL: 'https://basemap.invalid/styles/positron/style.json',
				ATLAS_BASEMAP_TIMEOUT_MS: '3000',
				// The suite writes far more from one address than a person would; the Supabase-mode
				// server below keeps the service's limits, and a test proves them there.
				ATLAS_WRITE_LIMIT_FACTOR: '50'
			}
		},
		{
			// The same atlas in Supabase mode, against a stand-in Supabase Auth (port + 1).
			command: 'node tests/support/supabase-mode-server.ts',
			cwd: root,
			url: `http://127.0.0.1:${SUPABASE_E2E_PORT}/api/v1/municipalities/046007`,
			reuseExistingServer: false,
			timeout: 120_000,
			stdout: 'pipe',
			env: {
				PORT: String(SUPABASE_E2E_PORT),
				FAKE_AUTH_PORT: String(SUPABASE_E2E_PORT + 1),
				ATLAS_BASEMAP_STYLE_URL: 'https://basemap.invalid/styles/positron/style.json',
				ATLAS_BASEMAP_TIMEOUT_MS: '3000'
			}
		}
	]
});
