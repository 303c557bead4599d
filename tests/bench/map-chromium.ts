// The map in Chromium against a control: a bare MapLibre page with the same 33 municipal
// boundaries (the same GeoJSON from the atlas's API, the same viewport, maplibre-gl from
// node_modules, no app code), served by a tiny static server. In one run, alternating control
// and atlas, a fresh browser context each time: navigation → map idle (the page's own clock,
// from navigation start to the idle event), then pan fps during 3 s of scripted panning
// (requestAnimationFrame count during two eased map.panBy legs, east and back). Figures only.
//
// Run alone (builds nothing: `npx vite build` first): node tests/bench/map-chromium.ts
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumLaunch } from '../playwright.config.ts';
import { ROOT } from '../support/server-process.ts';

/** The atlas's own padding around the province (AtlasMap.svelte). */
const PADDING = { top: 24, bottom: 64, left: 24, right: 24 };
const VIEWPORT = { width: 1280, height: 800 };
const PAN_MS = 3000;
/** The national view: centre of Italy, zoom 5.5. */
const ITALY = { lon: 12.5, lat: 42, z: 5.5 };
const NATIONAL_LAYERS = ['national-broadband', 'national-pnrr'];

const CONTROL_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>control</title>
<link rel="stylesheet" href="/maplibre-gl.css">
<style>html, body { margin: 0; height: 100%; } #map { position: absolute; inset: 0; }</style>
</head><body><div id="map"></div>
<script type="module">
import * as maplibregl from '/maplibre-gl.mjs';
maplibregl.setWorkerUrl(new URL('/maplibre-gl-worker.mjs', location.href).href);
const params = new URLSearchParams(location.search);
const view = params.has('bounds')
	? { bounds: params.get('bounds').split(',').map(Number), fitBoundsOptions: { padding: ${JSON.stringify(PADDING)} } }
	: { center: [Number(params.get('lon')), Number(params.get('lat'))], zoom: Number(params.get('z')) };
const map = new maplibregl.Map({
	container: 'map',
	style: {
		version: 8,
		sources: { m: { type: 'geojson', data: new URL('/api/v1/municipalities', location.href).href } },
		layers: [
			{ id: 'background', type: 'background', paint: { 'background-color': '#cfe3ef' } },
			{ id: 'fill', type: 'fill', source: 'm', paint: { 'fill-color': '#f4efe6', 'fill-opacity': 0.8 } },
			{ id: 'line', type: 'line', source: 'm', paint: { 'line-color': '#555555', 'line-width': 1 } }
		]
	},
	...view,
	minZoom: 5,
	maxZoom: 17
});
window.__map = map;
map.on('idle', () => {
	document.body.dataset.idle = 'true';
	document.body.dataset.idleAt = String(Math.round(performance.now()));
});
</script></body></html>`;

/**
 * The control's server: the page, MapLibre's files from node_modules (gzipped, as the atlas
 * serves its own), and the atlas's municipalities passed through (same bytes, same server).
 */
function startControl(atlasUrl: string, port: number): Promise<Server> {
	const dist = path.join(ROOT, 'node_modules/maplibre-gl/dist');
	const files: Record<string, { type: string; body: Buffer }> = {
		'/': { type: 'text/html', body: Buffer.from(CONTROL_HTML) },
		'/maplibre-gl.mjs': {
			type: 'text/javascript',
			body: readFileSync(path.join(dist, 'maplibre-gl.mjs'))
		},
		'/maplibre-gl-worker.mjs': {
			type: 'text/javascript',
			body: readFileSync(path.join(dist, 'maplibre-gl-worker.mjs'))
		},
		'/maplibre-gl.css': { type: 'text/css', body: readFileSync(path.join(dist, 'maplibre-gl.css')) }
	};
	const gzipped = Object.fromEntries(
		Object.entries(files).map(([name, file]) => [name, gzipSync(file.body)])
	);
	const server = createServer(async (request, response) => {
		const url = new URL(request.url ?? '/', 'http://control');
		if (url.pathname === '/api/v1/municipalities') {
			const answer = await fetch(atlasUrl + url.pathname, {
				headers: { 'accept-encoding': String(request.headers['accept-encoding'] ?? '') }
			});
			const headers: Record<string, string> = {};
			for (const name of ['content-type', 'content-encoding', 'cache-control', 'etag'])
				if (answer.headers.get(name)) headers[name] = answer.headers.get(name)!;
			// fetch decodes the body: pass it on decoded.
			delete headers['content-encoding'];
			response.writeHead(answer.status, headers);
			response.end(Buffer.from(await answer.arrayBuffer()));
			return;
		}
		const file = files[url.pathname];
		if (!file) {
			response.writeHead(404).end();
			return;
		}
		const gzip = String(request.headers['accept-encoding'] ?? '').includes('gzip');
		response.writeHead(200, {
			'content-type': file.type,
			...(gzip ? { 'content-encoding': 'gzip' } : {})
		});
		response.end(gzip ? gzipped[url.pathname] : file.body);
	});
	return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

interface Figures {
	idleMs: number;
	fps: number;
}

/**
 * Pans the map for PAN_MS, counting frames: two eased pans (east, then back west), as a
 * user's drag moves it: a move every frame and one moveend at each pan's end.
 */
function panFps(page: Page, handle: '__map' | '__atlasMap'): Promise<number> {
	return page.evaluate(
		([name, duration]) =>
			new Promise<number>((resolve) => {
				const map = (window as unknown as Record<string, import('maplibre-gl').Map>)[name];
				let frames = 0;
				let counting = true;
				const count = () => {
					frames++;
					if (counting) requestAnimationFrame(count);
				};
				const started = performance.now();
				const leg = (dx: number) =>
					new Promise<void>((done) => {
						map.once('moveend', () => done());
						map.panBy([dx, dx / 4], { duration: duration / 2, easing: (t) => t });
					});
				requestAnimationFrame(count);
				leg(640)
					.then(() => leg(-640))
					.then(() => {
						counting = false;
						resolve(frames / ((performance.now() - started) / 1000));
					});
			}),
		[handle, PAN_MS] as const
	);
}

async function measureControl(browser: Browser, url: string): Promise<Figures> {
	const context = await browser.newContext({ viewport: VIEWPORT });
	try {
		const page = await context.newPage();
		await page.goto(url);
		await page.locator('body[data-idle="true"]').waitFor({ timeout: 60_000 });
		const idleMs = Number(await page.locator('body').getAttribute('data-idle-at'));
		return { idleMs, fps: await panFps(page, '__map') };
	} finally {
		await context.close();
	}
}

async function measureAtlas(browser: Browser, url: string, layers: string[]): Promise<Figures> {
	const context = await browser.newContext({ viewport: VIEWPORT });
	try {
		const page = await context.newPage();
		await page.route('https://basemap.invalid/**', (route) => route.abort('namenotresolved'));
		await page.goto(url);
		await page.locator('.map[data-status="ready"]').waitFor({ timeout: 60_000 });
		// Every layer asked for is on the map, drawn, and the map idle after it.
		await page.waitForFunction(
			(ids) => {
				const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
				const styleLayers = map.getStyle().layers.map((l) => l.id);
				const drawn = ids.every((id) =>
					styleLayers.some(
						(l) => l === id || l.startsWith(`${id}-`) || l.startsWith(`layer-${id}-`)
					)
				);
				const container = document.querySelector<HTMLElement>('.map');
				return drawn && map.loaded() && container?.dataset.idle === 'true';
			},
			layers,
			{ timeout: 60_000 }
		);
		const idleMs = Number(await page.locator('.map').getAttribute('data-idle-at'));
		return { idleMs, fps: await panFps(page, '__atlasMap') };
	} finally {
		await context.close();
	}
}

const median = (values: number[]) =>
	[...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

interface View {
	name: string;
	atlasPath: string;
	/** The thematic layers the atlas must show before it counts as idle. */
	layers: string[];
	controlQuery: string;
	/** The target for pan fps, as a share of the control's. */
	panTarget: number;
	/** The target for navigation → idle, as a multiple of the control's (none: not set). */
	idleTarget?: number;
}

/**
 * The table of figures: medians of `runs` for `/`, all thematic layers on, and the national view
 * (BENCH_NATIONAL_VIEW overrides its URL path and query).
 */
export async function mapChromium(
	atlasUrl: string,
	options: { controlPort: number; runs: number }
): Promise<string> {
	const municipalities = (await (await fetch(`${atlasUrl}/api/v1/municipalities`)).json()) as {
		features: { geometry: import('geojson').Geometry }[];
	};
	const bounds = [Infinity, Infinity, -Infinity, -Infinity];
	const visit = (value: unknown): void => {
		if (Array.isArray(value) && typeof value[0] === 'number') {
			const [x, y] = value as number[];
			bounds[0] = Math.min(bounds[0], x);
			bounds[1] = Math.min(bounds[1], y);
			bounds[2] = Math.max(bounds[2], x);
			bounds[3] = Math.max(bounds[3], y);
		} else if (Array.isArray(value)) value.forEach(visit);
	};
	for (const feature of municipalities.features)
		visit((feature.geometry as { coordinates: unknown }).coordinates);
	const layerIds = (
		JSON.parse(readFileSync(path.join(ROOT, 'geodata/layers.json'), 'utf8')) as {
			layers: { id: string }[];
		}
	).layers.map((l) => l.id);
	const provinceLayers = layerIds.filter((id) => !NATIONAL_LAYERS.includes(id));
	const nationalPresent = NATIONAL_LAYERS.every((id) => layerIds.includes(id));
	const nationalLayers = nationalPresent ? NATIONAL_LAYERS : provinceLayers;
	const nationalPath =
		process.env.BENCH_NATIONAL_VIEW ??
		`/?lon=${ITALY.lon}&lat=${ITALY.lat}&z=${ITALY.z}&layers=${nationalLayers.join(',')}`;
	const views: View[] = [
		{
			name: '`/`',
			atlasPath: '/',
			layers: [],
			controlQuery: `?bounds=${bounds.join(',')}`,
			panTarget: 0.8,
			idleTarget: 1.5
		},
		{
			name: `all ${provinceLayers.length} layers on`,
			atlasPath: `/?layers=${provinceLayers.join(',')}`,
			layers: provinceLayers,
			controlQuery: `?bounds=${bounds.join(',')}`,
			panTarget: 0.8,
			idleTarget: 1.5
		},
		{
			name: `national view, zoom ${ITALY.z}`,
			atlasPath: nationalPath,
			// The layers the view's address turns on (BENCH_NATIONAL_VIEW may name others).
			layers: (new URL(nationalPath, 'http://x').searchParams.get('layers') ?? '')
				.split(',')
				.filter(Boolean),
			controlQuery: `?lon=${ITALY.lon}&lat=${ITALY.lat}&z=${ITALY.z}`,
			panTarget: 0.5
		}
	];
	const control = await startControl(atlasUrl, options.controlPort);
	const controlUrl = `http://127.0.0.1:${options.controlPort}/`;
	const browser = await chromium.launch(chromiumLaunch);
	const rows: string[] = [];
	try {
		for (const view of views) {
			const controlRuns: Figures[] = [];
			const atlasRuns: Figures[] = [];
			for (let i = 0; i < options.runs; i++) {
				controlRuns.push(await measureControl(browser, controlUrl + view.controlQuery));
				atlasRuns.push(await measureAtlas(browser, atlasUrl + view.atlasPath, view.layers));
			}
			const c = {
				idle: median(controlRuns.map((r) => r.idleMs)),
				fps: median(controlRuns.map((r) => r.fps))
			};
			const a = {
				idle: median(atlasRuns.map((r) => r.idleMs)),
				fps: median(atlasRuns.map((r) => r.fps))
			};
			const idleRatio = a.idle / c.idle;
			const fpsRatio = a.fps / c.fps;
			const met = (ok: boolean) => (ok ? 'met' : '**not met**');
			const targets = [
				view.idleTarget ? `idle ≤ ${view.idleTarget}×: ${met(idleRatio <= view.idleTarget)}` : null,
				`pan ≥ ${view.panTarget}×: ${met(fpsRatio >= view.panTarget)}`
			].filter(Boolean);
			rows.push(
				`| ${view.name} | ${(c.idle / 1000).toFixed(2)} s | ${(a.idle / 1000).toFixed(2)} s | ×${idleRatio.toFixed(2)} | ${c.fps.toFixed(1)} | ${a.fps.toFixed(1)} | ×${fpsRatio.toFixed(2)} | ${targets.join('; ')} |`
			);
		}
	} finally {
		await browser.close();
		await new Promise((resolve) => control.close(resolve));
	}
	return [
		`the map in Chromium (SwiftShader, ${VIEWPORT.width}×${VIEWPORT.height}, offline basemap), medians of ${options.runs}, control and atlas alternating, a fresh context each; control: bare MapLibre, the same 33 boundaries:`,
		'| page | control: navigation → idle | atlas | atlas / control | control pan fps | atlas pan fps | atlas / control | targets |',
		'|---|---|---|---|---|---|---|---|',
		...rows,
		nationalPresent
			? `national view: ${views[2].atlasPath}`
			: `national view: the national layers (${NATIONAL_LAYERS.join(', ')}) are absent from geodata/layers.json; measured the atlas at zoom ${ITALY.z} over Italy with the province layers instead (${views[2].atlasPath})`
	].join('\n');
}

if (import.meta.main) {
	const { mkdtempSync, rmSync } = await import('node:fs');
	const { tmpdir } = await import('node:os');
	const { startAtlas } = await import('../support/server-process.ts');
	const port = Number(process.env.BENCH_PORT ?? 4399);
	const dataDir = mkdtempSync(path.join(tmpdir(), 'atlas-bench-map-'));
	const atlas = await startAtlas({
		port,
		env: {
			ATLAS_PGLITE_DIR: dataDir,
			ATLAS_BASEMAP_STYLE_URL: 'https://basemap.invalid/style.json'
		}
	});
	try {
		console.log(
			await mapChromium(atlas.url, {
				controlPort: Number(process.env.BENCH_CONTROL_PORT ?? port + 1),
				runs: Math.max(5, Number(process.env.BENCH_RUNS ?? 5))
			})
		);
	} finally {
		await atlas.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}
