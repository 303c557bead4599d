// `npm run bench`: performance baseline, printed as figures (no pass/fail).
//  - cold start of the embedded server to its first answered request: first start on an empty
//    data directory (initdb, PostGIS, migrations, data load) and restart on an existing one;
//  - API: /api/v1/municipalities and /api/v1/municipalities/{istat} latency;
//  - navigation to map idle in Chromium (built app, offline basemap).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunch } from '../playwright.config.ts';
import { ROOT, startAtlas } from '../support/server-process.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PORT = 4399;
const env = (dataDir: string) => ({
	ATLAS_PGLITE_DIR: dataDir,
	ATLAS_BASEMAP_STYLE_URL: 'https://basemap.invalid/style.json'
});

const stats = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)];
	return `median ${median.toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (n=${values.length})`;
};

function run(command: string, args: string[]) {
	const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

console.log('bench: building the geodata and the app…');
run('node', ['geodata/build.ts']);
run('vite', ['build', '--logLevel', 'warn']);

const firstStart: number[] = [];
const restart: number[] = [];
for (let i = 0; i < RUNS; i++) {
	const dataDir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-'));
	try {
		const first = await startAtlas({ port: PORT, env: env(dataDir) });
		firstStart.push(first.readyAfterMs);
		await first.stop();
		const again = await startAtlas({ port: PORT, env: env(dataDir) });
		restart.push(again.readyAfterMs);
		await again.stop();
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}
console.log(`cold start, empty data directory → first answer: ${stats(firstStart)}`);
console.log(`cold start, existing data directory → first answer: ${stats(restart)}`);

const dataDir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-'));
const server = await startAtlas({ port: PORT, env: env(dataDir) });
try {
	for (const route of [
		'/api/v1/municipalities',
		'/api/v1/municipalities/046007',
		'/api/v1/interventions',
		'/api/v1/interventions?ambito=1&year=2025',
		'/api/v1/search?q=capanori',
		'/api/v1/opportunities?min_ftth=60',
		'/comuni/046007',
		'/interventi/rfi-1346-pistoia-lucca'
	]) {
		const times: number[] = [];
		for (let i = 0; i < 50; i++) {
			const started = performance.now();
			await (await fetch(server.url + route)).arrayBuffer();
			times.push(performance.now() - started);
		}
		console.log(`GET ${route}: ${stats(times)}`);
	}

	const browser = await chromium.launch(chromiumLaunch);
	/** Milliseconds from navigation to the map idle with `layers` drawn. */
	const navigate = async (query: string, layers: string[]) => {
		const times: number[] = [];
		for (let i = 0; i < Math.max(RUNS, 5); i++) {
			const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
			await page.route('https://basemap.invalid/**', (route) => route.abort('namenotresolved'));
			const started = performance.now();
			await page.goto(server.url + '/' + query);
			await page.locator('.map[data-status="ready"]').waitFor({ timeout: 60_000 });
			await page.waitForFunction((ids) => {
				const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
				return ids.every((id) => map.getLayer(id));
			}, layers);
			await page.locator('.map[data-idle="true"]').waitFor({ timeout: 60_000 });
			times.push(performance.now() - started);
			await page.close();
		}
		return times;
	};
	const plain = await navigate('', ['municipalities-fill']);
	const allLayers = await navigate(
		'?layers=broadband,districts,bottlenecks,technology-poles,puccini,interventions',
		[
			'broadband-fill',
			'layer-districts-fill',
			'layer-bottlenecks-rail',
			'layer-technology-poles-circle',
			'layer-puccini-circle',
			'layer-interventions-point'
		]
	);
	await browser.close();
	console.log(`navigation to map idle (Chromium, SwiftShader, offline basemap): ${stats(plain)}`);
	console.log(`navigation to map idle with all six layers on: ${stats(allLayers)}`);
} finally {
	await server.stop();
	rmSync(dataDir, { recursive: true, force: true });
}
