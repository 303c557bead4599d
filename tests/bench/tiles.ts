// Vector tiles on both engines, timed in process (server-side: the tile's bytes, without HTTP and
// without the public response cache, which answers a repeated tile in well under a millisecond):
// the same tiles of the same layers on embedded PGlite (geojson-vt) and PostgreSQL (ST_AsMVT),
// p50 and p95 over every tile of z7–12 over the province and a block around Lucca at z13–14.
// Cold: each tile asked for the first time (on the embedded engine the layer's index is built by
// the first one, timed apart); warm: the same tiles again.
// Then the national context: the real boundaries of Italy's 7,899 municipalities (national-broadband)
// over tiles of all Italy at z5–8 and of the province at z9–14.
import type { Database } from '../../src/lib/server/db/engine.ts';
import {
	forgetTileIndexes,
	tileLayer,
	vectorTile,
	type TileLayer
} from '../../src/lib/server/vector-tiles.ts';
import { ENGINES, loadedDatabase, type Engine } from '../support/engines.ts';

type Tile = [z: number, x: number, y: number];

const TARGET_P95_MS = 50;
const LAYERS = ['municipalities', 'bottlenecks', 'districts'];
/** Italy, with its islands: [west, south, east, north]. */
const ITALY: [number, number, number, number] = [6.6, 36.6, 18.6, 47.1];

const lonToX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const latToY = (lat: number, z: number) => {
	const rad = (lat * Math.PI) / 180;
	return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
};

/** Every tile of zooms `from`–`to` over [w, s, e, n]. */
function tilesOver([w, s, e, n]: number[], from: number, to: number): Tile[] {
	const tiles: Tile[] = [];
	for (let z = from; z <= to; z++)
		for (let x = lonToX(w, z); x <= lonToX(e, z); x++)
			for (let y = latToY(n, z); y <= latToY(s, z); y++) tiles.push([z, x, y]);
	return tiles;
}

/** A block of `side` × `side` tiles at zoom z around lon/lat. */
function blockAround(lon: number, lat: number, z: number, side: number): Tile[] {
	const x0 = lonToX(lon, z) - Math.floor(side / 2);
	const y0 = latToY(lat, z) - Math.floor(side / 2);
	return Array.from({ length: side * side }, (_, i): Tile => [
		z,
		x0 + (i % side),
		y0 + Math.floor(i / side)
	]);
}

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function timed(work: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await work();
	return performance.now() - started;
}

interface Figures {
	firstTile: number;
	cold: number[];
	warm: number[];
	bytes: number;
}

async function timeLayer(db: Database, layer: TileLayer, tiles: Tile[]): Promise<Figures> {
	forgetTileIndexes(db);
	const [first, ...rest] = tiles;
	const firstTile = await timed(() => vectorTile(db, layer, ...first));
	const cold: number[] = [];
	let bytes = 0;
	for (const tile of rest)
		cold.push(
			await timed(async () => {
				bytes += (await vectorTile(db, layer, ...tile)).byteLength;
			})
		);
	const warm: number[] = [];
	for (const tile of rest) warm.push(await timed(() => vectorTile(db, layer, ...tile)));
	return { firstTile, cold, warm, bytes };
}

async function provinceBbox(db: Database): Promise<number[]> {
	const [row] = await db.query<{ w: number; s: number; e: number; n: number }>(
		`select ST_XMin(b)::float8 as w, ST_YMin(b)::float8 as s, ST_XMax(b)::float8 as e,
			ST_YMax(b)::float8 as n
		 from (select ST_Extent(geom)::geometry as b from public.municipality where province = '046') t`
	);
	return [row.w, row.s, row.e, row.n];
}

const ms = (v: number) => `${v.toFixed(v < 1 ? 2 : v < 10 ? 1 : 0)} ms`;

export async function tileTimes(postgresUrl: string): Promise<string> {
	const figures = new Map<string, Record<Engine, Figures>>();
	const record = (name: string, engine: Engine, f: Figures) =>
		figures.set(name, { ...figures.get(name)!, [engine]: f });
	let tileCount = 0;
	let nationalTileCount = 0;
	let nationalFeatures = 0;
	for (const engine of ENGINES) {
		const { db, drop } = await loadedDatabase(engine, postgresUrl, { national: true });
		try {
			const bbox = await provinceBbox(db);
			const tiles = [
				...tilesOver(bbox, 7, 12),
				...blockAround(10.5055, 43.8431, 13, 6),
				...blockAround(10.5055, 43.8431, 14, 6)
			];
			tileCount = tiles.length;
			for (const id of LAYERS) record(id, engine, await timeLayer(db, tileLayer(id)!, tiles));

			const [{ n }] = await db.query<{ n: number }>(
				`select count(*)::int4 as n from public.national_municipality`
			);
			nationalFeatures = n;
			const national = [
				...tilesOver(ITALY, 5, 8),
				...tilesOver(bbox, 9, 10),
				...blockAround(10.5055, 43.8431, 12, 4),
				...blockAround(10.5055, 43.8431, 14, 4)
			];
			nationalTileCount = national.length;
			record(
				`national-broadband, ${nationalFeatures} municipalities of Italy`,
				engine,
				await timeLayer(db, tileLayer('national-broadband')!, national)
			);
		} finally {
			await drop();
		}
	}
	const row = (name: string, f: Record<Engine, Figures>, kind: 'cold' | 'warm') => {
		const cells = ENGINES.map(
			(e) => `${ms(percentile(f[e][kind], 50))} / ${ms(percentile(f[e][kind], 95))}`
		);
		const ratio = percentile(f.postgres[kind], 95) / percentile(f.pglite[kind], 95);
		const meets = ENGINES.map((e) => (percentile(f[e][kind], 95) <= TARGET_P95_MS ? 'yes' : 'NO'));
		return `| ${name} | ${kind} | ${cells.join(' | ')} | ×${ratio.toFixed(2)} | ${meets.join(' / ')} |`;
	};
	return [
		`vector tiles, in process, server-side (target: tile p95 ≤ ${TARGET_P95_MS} ms); ${tileCount} tiles per layer (z7–12 over the province, 6×6 around Lucca at z13 and z14); national context: ${nationalTileCount} tiles (z5–8 over Italy, z9–10 over the province, 4×4 around Lucca at z12 and z14):`,
		'| layer | cache | embedded p50 / p95 | PostgreSQL p50 / p95 | p95 PostgreSQL / embedded | p95 ≤ target (embedded / PostgreSQL) |',
		'|---|---|---|---|---|---|',
		...[...figures].flatMap(([name, f]) => [row(name, f, 'cold'), row(name, f, 'warm')]),
		'',
		'first tile of a layer (embedded: reads the layer and builds its geojson-vt index; PostgreSQL: plans the query); bytes of the tiles:',
		...[...figures].map(
			([name, f]) =>
				`- ${name}: embedded ${ms(f.pglite.firstTile)}, PostgreSQL ${ms(f.postgres.firstTile)}; ${(f.pglite.bytes / 1024).toFixed(0)} KiB embedded, ${(f.postgres.bytes / 1024).toFixed(0)} KiB PostgreSQL`
		)
	].join('\n');
}
