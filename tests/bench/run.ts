// `npm run bench`: performance baseline, printed as figures (no pass/fail).
//  - cold start of the embedded server to its first answered request: first start on an empty
//    data directory (initdb, PostGIS, migrations, data load) and restart on an existing one;
//  - API: /api/v1/municipalities and /api/v1/municipalities/{istat} latency;
//  - navigation to map idle in Chromium (built app, offline basemap), and the map against a bare
//    MapLibre control page: navigation → idle and pan fps, medians (tests/bench/map-chromium.ts);
//  - proposals: saving one (PostGIS impact), the browser's turf impact for the same line, and
//    opening the drawing editor until it takes clicks;
//  - launch day (first): 200 readers + 20 writers for BENCH_LOAD_SECONDS (60) on both engines,
//    reconciliation, SIGKILL during writes (tests/bench/launch-day.ts). BENCH_ONLY=launch-day
//    runs only that;
//  - the plan at work: work plans, monitoring and ambito reads on both engines, same data, as a
//    ratio (tests/bench/plan-at-work.ts). BENCH_SKIP=launch-day runs everything but launch day;
//  - listening to the territory: the observations' reads and writes on both engines, with
//    synthetic participation, as a ratio (tests/bench/participation.ts);
//  - vector tiles: p50/p95 per tile on both engines, cold and warm, for the boundaries, two
//    thematic layers and a synthetic national-scale boundary layer (tests/bench/tiles.ts).
//    BENCH_ONLY=tiles runs only that.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunch } from '../playwright.config.ts';
import type { FeatureCollection, LineString, MultiPolygon } from 'geojson';
import {
	interventionCandidates,
	layerCandidates,
	municipalityShares,
	nearbyCandidates
} from '../../src/lib/impact.ts';
import { E2E_ACCOUNTS, E2E_PASSWORD } from '../e2e/accounts.ts';
import {
	FRANCIGENA_DENSIFIED_10000,
	LINE_LUCCA_CAPANNORI
} from '../fixtures/proposals/geometries.ts';
import { indexBoundaries } from '../../src/lib/line-shares.ts';
import { ROOT, startAtlas } from '../support/server-process.ts';
import { startPostgres } from '../support/postgres-server.ts';
import { launchDay, launchDayTable } from './launch-day.ts';
import { mapChromium } from './map-chromium.ts';
import { participation } from './participation.ts';
import { planAtWork } from './plan-at-work.ts';
import { tileTimes } from './tiles.ts';

/** The long drawings the browser's analysis is timed on: the first tenth of the line, and all of it. */
const LONG_LINES: [string, LineString][] = [
	[
		'1,000',
		{ type: 'LineString', coordinates: FRANCIGENA_DENSIFIED_10000.coordinates.slice(0, 1000) }
	],
	['10,000', FRANCIGENA_DENSIFIED_10000 as LineString]
];

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The launch day's paced scenario: writes per second, all writers together. */
const PACED_WRITES = 60;
const PORT = 4399;
const env = (dataDir: string) => ({
	ATLAS_PGLITE_DIR: dataDir,
	ATLAS_BASEMAP_STYLE_URL: 'https://basemap.invalid/style.json'
});

const stats = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)];
	// Sub-10 ms figures keep a decimal: "0 ms" would say nothing.
	const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
	return `median ${ms(median)}, min ${ms(sorted[0])}, max ${ms(sorted.at(-1)!)} (n=${values.length})`;
};

function run(command: string, args: string[]) {
	const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

console.log('bench: building the geodata and the app…');
run('node', ['geodata/build.ts']);
run('vite', ['build', '--logLevel', 'warn']);

// BENCH_ONLY=tiles: the vector tiles' figures alone.
if (process.env.BENCH_ONLY === 'tiles') {
	const postgresServer = await startPostgres();
	try {
		console.log(`\n${await tileTimes(postgresServer.url)}\n`);
	} finally {
		postgresServer.stop();
	}
	process.exit(0);
}

if (process.env.BENCH_SKIP !== 'launch-day') {
	const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
	const baseEnv = { ATLAS_BASEMAP_STYLE_URL: 'https://basemap.invalid/style.json' };
	const postgresServer = await startPostgres();
	try {
		const scenarios = [
			{ name: 'writers unpaced: each posts again as soon as answered', writeRate: undefined },
			// The same writes on both engines: an unpaced engine that answers writes faster is
			// sent more of them, and its reads then share the cores with more work.
			{
				name: `writers paced: ${PACED_WRITES} writes/s in all, on both engines`,
				writeRate: PACED_WRITES
			}
		];
		for (const scenario of scenarios) {
			const figures = [];
			for (const engine of ['pglite', 'postgres'] as const) {
				console.log(`bench: launch day on ${engine}, ${scenario.name} (${seconds} s)…`);
				figures.push(
					await launchDay(engine, {
						port: PORT,
						seconds,
						writeRate: scenario.writeRate,
						server: postgresServer,
						baseEnv
					})
				);
			}
			console.log(
				`\nlaunch day, ${scenario.name} (${seconds} s, load generator on the same machine):\n`
			);
			console.log(launchDayTable(figures));
			const [embedded, server] = figures;
			console.log(
				`\nPostgreSQL / embedded: reads/s ×${(server.readsPerSecond / embedded.readsPerSecond).toFixed(2)}, read p95 ×${(server.reads.p95 / embedded.reads.p95).toFixed(2)}, writes ×${(server.acknowledged / embedded.acknowledged).toFixed(2)}, write p95 ×${(server.writes.p95 / embedded.writes.p95).toFixed(2)}\n`
			);
		}
	} finally {
		postgresServer.stop();
	}
	if (process.env.BENCH_ONLY === 'launch-day') process.exit(0);
}

{
	const postgresServer = await startPostgres();
	try {
		console.log(`\n${await planAtWork(postgresServer.url)}\n`);
		console.log(`\n${await participation(postgresServer.url)}\n`);
		console.log(`\n${await tileTimes(postgresServer.url)}\n`);
	} finally {
		await postgresServer.stop();
	}
}

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
// The end-to-end suite's accounts, for the proposal figures.
{
	const accounts = spawnSync('node', ['tests/support/e2e-accounts.ts'], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, ...env(dataDir) }
	});
	if (accounts.status !== 0) throw new Error('creating the bench accounts failed');
}
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
		'/interventi/rfi-1346-pistoia-lucca',
		'/ambiti/3',
		'/api/v1/ambiti/3',
		'/monitoraggio',
		'/api/v1/monitoring',
		'/api/v1/quarters',
		'/api/v1/layers/interventions',
		'/api/v1/layers/observations',
		'/api/v1/observations',
		'/osservazioni'
	]) {
		const times: number[] = [];
		for (let i = 0; i < 50; i++) {
			const started = performance.now();
			await (await fetch(server.url + route)).arrayBuffer();
			times.push(performance.now() - started);
		}
		console.log(`GET ${route}: ${stats(times)}`);
	}

	// Proposals: a planner's session, then saves of a 3-vertex line with its PostGIS impact.
	const signedIn = await fetch(server.url + '/accedi', {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: E2E_ACCOUNTS.planner.email, password: E2E_PASSWORD })
	});
	const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0];
	if (!cookie.startsWith('atlas_session=')) throw new Error('bench: signing in failed');
	const saves: number[] = [];
	for (let i = 0; i < 20; i++) {
		const started = performance.now();
		const response = await fetch(server.url + '/api/v1/proposals', {
			method: 'POST',
			headers: { cookie, origin: server.url, 'content-type': 'application/json' },
			body: JSON.stringify({ title: `Bench ${i}`, geometry: LINE_LUCCA_CAPANNORI })
		});
		if (response.status !== 201) throw new Error(`bench: save answered ${response.status}`);
		await response.arrayBuffer();
		saves.push(performance.now() - started);
	}
	console.log(`POST /api/v1/proposals (3-vertex line, PostGIS impact): ${stats(saves)}`);
	const shapes = (
		(await (await fetch(server.url + '/api/v1/municipalities')).json()) as {
			features: {
				properties: { istat: string; name: string; population: number };
				geometry: MultiPolygon;
			}[];
		}
	).features.map((f) => ({ ...f.properties, geometry: f.geometry }));
	const turfTimes: number[] = [];
	for (let i = 0; i < 50; i++) {
		const started = performance.now();
		municipalityShares(LINE_LUCCA_CAPANNORI as LineString, shapes);
		turfTimes.push(performance.now() - started);
	}
	console.log(`browser impact (turf, 33 municipalities, same line, in Node): ${stats(turfTimes)}`);
	// Any size: the boundaries are indexed once per list (timed apart), then each line is cut only
	// where it meets an edge. 1,000 vertices: the first tenth of the 10,000-vertex line.
	const fresh = shapes.map((s) => ({ ...s }));
	const indexing = performance.now();
	indexBoundaries(fresh);
	console.log(
		`browser impact: indexing the 33 boundaries, once per page: ${(performance.now() - indexing).toFixed(1)} ms`
	);
	for (const [label, line] of [['3', LINE_LUCCA_CAPANNORI as LineString] as const, ...LONG_LINES]) {
		const times: number[] = [];
		for (let i = 0; i < 20; i++) {
			const started = performance.now();
			municipalityShares(line, fresh);
			times.push(performance.now() - started);
		}
		console.log(`browser impact, ${label} vertices (indexed, in Node): ${stats(times)}`);
	}
	// The editor's live "within 1 km" list, redone on every pointer move while drawing.
	// The same candidates as the editor's, from the same API.
	const answers = await Promise.all(
		[
			'/api/v1/layers/bottlenecks',
			'/api/v1/layers/technology-poles',
			'/api/v1/layers/puccini',
			'/api/v1/interventions'
		].map(
			async (url) => ((await (await fetch(server.url + url)).json()) as FeatureCollection).features
		)
	);
	const candidates = [
		...layerCandidates(answers.slice(0, -1).flat()),
		...interventionCandidates(answers.at(-1)!)
	];
	const nearbyTimes: number[] = [];
	for (let i = 0; i < 50; i++) {
		const started = performance.now();
		nearbyCandidates(LINE_LUCCA_CAPANNORI as LineString, candidates, 1);
		nearbyTimes.push(performance.now() - started);
	}
	console.log(
		`browser nearby (turf, ${candidates.length} features and interventions, same line, in Node): ${stats(nearbyTimes)}`
	);
	// Any size: the drawing's segments and vertices indexed, then each candidate measured only
	// against the parts of the drawing near it (the index is built for each new drawing: timed in).
	for (const [label, line] of LONG_LINES) {
		const times: number[] = [];
		for (let i = 0; i < 20; i++) {
			const fresh = { ...line }; // a new drawing each time: its index is built again
			const started = performance.now();
			nearbyCandidates(fresh, candidates, 1);
			times.push(performance.now() - started);
		}
		console.log(`browser nearby, ${label} vertices (indexed, in Node): ${stats(times)}`);
	}

	const browser = await chromium.launch(chromiumLaunch);
	{
		const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
		await context.addCookies([
			{ name: 'atlas_session', value: cookie.split('=')[1], url: server.url }
		]);
		const times: number[] = [];
		for (let i = 0; i < Math.max(RUNS, 5); i++) {
			const page = await context.newPage();
			await page.route('https://basemap.invalid/**', (route) => route.abort('namenotresolved'));
			const started = performance.now();
			await page.goto(server.url + '/proposte/nuova');
			await page.locator('[data-drawing="ready"]').waitFor({ timeout: 60_000 });
			times.push(performance.now() - started);
			await page.close();
		}
		await context.close();
		console.log(`navigation to the drawing editor ready for clicks: ${stats(times)}`);
	}
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
	console.log(
		`\n${await mapChromium(server.url, { controlPort: PORT + 1, runs: Math.max(RUNS, 5) })}\n`
	);
} finally {
	await server.stop();
	rmSync(dataDir, { recursive: true, force: true });
}
