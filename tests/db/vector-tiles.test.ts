// The vector tiles of both engines agree with each other and with the layers' GeoJSON: the
// embedded engine cuts them with geojson-vt, PostgreSQL with ST_AsMVT, over the real geodata.
import { coordAll } from '@turf/meta';
import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile';
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BROADBAND_INDICATORS } from '../../src/lib/types.ts';
import { createAtlas } from '../../src/lib/server/atlas.ts';
import type { Database } from '../../src/lib/server/db/engine.ts';
import {
	LAYERS_WITHOUT_TILES,
	TILE_BUFFER,
	TILE_EXTENT,
	TILE_LAYERS,
	TILE_TOLERANCE,
	tileLayer,
	vectorTile
} from '../../src/lib/server/vector-tiles.ts';
import { ENGINES, loadedDatabase, type Engine } from '../support/engines.ts';

type Tile = { z: number; x: number; y: number };

/** The tile at zoom z containing lon/lat (slippy-map numbering). */
function tileAt(z: number, lon: number, lat: number): Tile {
	const n = 2 ** z;
	const rad = (lat * Math.PI) / 180;
	return {
		z,
		x: Math.floor(((lon + 180) / 360) * n),
		y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)
	};
}

/** lon/lat to the tile's own coordinates (0…TILE_EXTENT across the tile). */
function inTile(tile: Tile, [lon, lat]: Position): [number, number] {
	const n = 2 ** tile.z;
	const rad = (lat * Math.PI) / 180;
	const wx = ((lon + 180) / 360) * n;
	const wy = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
	return [(wx - tile.x) * TILE_EXTENT, (wy - tile.y) * TILE_EXTENT];
}

/** Every position of a geometry (turf's coordAll). */
const positions = (geometry: Geometry): Position[] => coordAll(geometry);

interface Decoded {
	key: string;
	id: number | undefined;
	type: number;
	properties: Record<string, unknown>;
	rings: Ring[];
	/** Area of the polygon's part within the visible tile, in tile units² (0 for others). */
	visibleArea: number;
	/** Length of the polygon's outline within the visible tile, in tile units (0 for others). */
	visiblePerimeter: number;
}

type Ring = { x: number; y: number }[];

const signedArea = (ring: Ring) =>
	ring.reduce((sum, p, i) => {
		const q = ring[(i + 1) % ring.length];
		return sum + (p.x * q.y - q.x * p.y) / 2;
	}, 0);

/** Sutherland–Hodgman: a ring clipped to the visible tile, 0…TILE_EXTENT on both axes. */
function clipToTile(ring: Ring): Ring {
	const edges: [(p: Ring[0]) => boolean, (a: Ring[0], b: Ring[0]) => Ring[0]][] = (
		[
			['x', 0, 1],
			['x', TILE_EXTENT, -1],
			['y', 0, 1],
			['y', TILE_EXTENT, -1]
		] as const
	).map(([axis, at, side]) => [
		(p) => (p[axis] - at) * side >= 0,
		(a, b) => {
			const t = (at - a[axis]) / (b[axis] - a[axis]);
			return { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
		}
	]);
	let out = ring;
	for (const [inside, cross] of edges) {
		const input = out;
		out = [];
		input.forEach((current, i) => {
			const previous = input[(i + input.length - 1) % input.length];
			if (inside(current)) {
				if (!inside(previous)) out.push(cross(previous, current));
				out.push(current);
			} else if (inside(previous)) out.push(cross(previous, current));
		});
	}
	return out;
}

const perimeter = (ring: Ring) =>
	ring.reduce((sum, p, i) => {
		const q = ring[(i + 1) % ring.length];
		return sum + Math.hypot(q.x - p.x, q.y - p.y);
	}, 0);

function distanceToSegment(p: Ring[0], a: Ring[0], b: Ring[0]): number {
	const dx = b.x - a.x;
	const dy = b.y - a.y;
	const length2 = dx * dx + dy * dy;
	const t =
		length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2));
	return Math.hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/**
 * How far the vertices of `a` inside the visible tile lie from `b`'s outline at most (its
 * points, for point features). Vertices in the buffer are left out: there geojson-vt joins a
 * clipped polygon's parts along the clip line (zero-area edges), PostGIS keeps them apart.
 */
function farthestVertex(a: Ring[], b: Ring[], type: number): number {
	let farthest = 0;
	for (const p of a.flat()) {
		if (!(p.x > 0 && p.x < TILE_EXTENT && p.y > 0 && p.y < TILE_EXTENT)) continue;
		let nearest = Infinity;
		for (const ring of b) {
			if (type === 1 || ring.length === 1)
				for (const q of ring) nearest = Math.min(nearest, Math.hypot(p.x - q.x, p.y - q.y));
			else
				for (let i = 0; i + 1 < ring.length; i++)
					nearest = Math.min(nearest, distanceToSegment(p, ring[i], ring[i + 1]));
		}
		farthest = Math.max(farthest, nearest);
	}
	return farthest;
}

function decode(bytes: Uint8Array, layer: string): Decoded[] {
	const tile = new VectorTile(new PbfReader(bytes));
	const found = tile.layers[layer];
	if (!found) return [];
	expect(found.extent).toBe(TILE_EXTENT);
	return Array.from({ length: found.length }, (_, i) => {
		const feature: VectorTileFeature = found.feature(i);
		// Rings below twice the simplification's tolerance, squared (a sliver, a spike simplified to
		// a there-and-back, an islet: geojson-vt may leave one with no area, PostGIS drop one of a
		// few units; each engine's tolerance applies to the other's too) are noise of the two
		// simplifications: only larger rings are compared.
		const rings = feature
			.loadGeometry()
			.filter(
				(ring) => feature.type !== 3 || Math.abs(signedArea(ring)) >= (2 * TILE_TOLERANCE) ** 2
			);
		return {
			key: feature.id === undefined ? String(feature.properties.id) : String(feature.id),
			id: feature.id,
			type: feature.type,
			properties: feature.properties,
			rings,
			// Outer rings and holes wind opposite ways: the signed sum is the area.
			visibleArea:
				feature.type === 3
					? Math.abs(rings.reduce((sum, r) => sum + signedArea(clipToTile(r)), 0))
					: 0,
			visiblePerimeter:
				feature.type === 3 ? rings.reduce((sum, r) => sum + perimeter(clipToTile(r)), 0) : 0
		};
	}).sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** A GeoJSON feature's attributes as a tile carries them (nulls left out), nested values parsed. */
function asTileAttributes(properties: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(
		Object.entries(properties).filter(([, value]) => value !== null && value !== undefined)
	);
}

/** Tile attributes with JSON text parsed back where the GeoJSON has an array or object. */
const parsedAttributes = (properties: Record<string, unknown>, geojson: Record<string, unknown>) =>
	Object.fromEntries(
		Object.entries(properties).map(([key, value]) => [
			key,
			typeof geojson[key] === 'object' && typeof value === 'string' ? JSON.parse(value) : value
		])
	);

/** What the layer's GeoJSON API answers, keyed as the tile keys its features. */
async function layerGeoJson(db: Database, layer: string): Promise<Map<string, Feature>> {
	const atlas = createAtlas(db);
	let collection: FeatureCollection;
	if (layer === 'municipalities') {
		// The boundaries' facts, and the choropleth's figures from the broadband layer.
		const figures = new Map(
			(await atlas.getBroadbandLayer()).features.map((f) => [f.properties.istat, f.properties])
		);
		const boundaries = await atlas.listMunicipalities();
		collection = {
			...boundaries,
			features: boundaries.features.map((f) => {
				const b = figures.get(f.properties.istat);
				return {
					...f,
					properties: {
						...f.properties,
						...(b && {
							snapshot: b.snapshot,
							ftth_household_share_reliability: b.ftth_household_share_reliability,
							...Object.fromEntries(BROADBAND_INDICATORS.map((key) => [key, b[key]]))
						})
					}
				};
			})
		};
	} else {
		collection = (await atlas.getLayerFeatures(layer))!;
	}
	return new Map(collection.features.map((f) => [String(f.id), f]));
}

describe('vector tiles, embedded and PostgreSQL', () => {
	const dbs = {} as Record<Engine, Database>;
	const drops: (() => Promise<void>)[] = [];
	let tiles: Tile[];
	let emptyTile: Tile;
	const geojson = new Map<string, Map<string, Feature>>();

	beforeAll(async () => {
		for (const engine of ENGINES) {
			// With the national context: its 7,899 municipalities are the largest tile layer.
			const { db, drop } = await loadedDatabase(engine, inject('postgresUrl'), { national: true });
			dbs[engine] = db;
			drops.push(drop);
		}
		// Lucca's walls, and the province's westernmost and northernmost boundary points: tiles
		// cut across the province's edge.
		const boundaries = await createAtlas(dbs.pglite).listMunicipalities();
		const all = boundaries.features.flatMap((f) => positions(f.geometry));
		const west = all.reduce((a, b) => (b[0] < a[0] ? b : a));
		const north = all.reduce((a, b) => (b[1] > a[1] ? b : a));
		tiles = [
			...[6, 8, 10, 12, 14].map((z) => tileAt(z, 10.5055, 43.8431)),
			...[8, 10, 12, 14].flatMap((z) => [
				tileAt(z, west[0], west[1]),
				tileAt(z, north[0], north[1])
			])
		];
		// In the sea between Sardinia and the Balearics: nothing of Italy.
		emptyTile = tileAt(10, 6.5, 40.5);
		for (const layer of TILE_LAYERS)
			geojson.set(layer.id, await layerGeoJson(dbs.pglite, layer.id));
	}, 180_000);
	afterAll(async () => {
		for (const drop of drops) await drop();
	});

	it('serves every catalogue layer with features, but the two left to GeoJSON on purpose', async () => {
		const catalogue = (await createAtlas(dbs.pglite).listLayers()).map((l) => l.id);
		const served = TILE_LAYERS.map((l) => l.id);
		expect(served).toContain('municipalities');
		for (const id of catalogue) {
			const features = (await createAtlas(dbs.pglite).getLayerFeatures(id))?.features ?? [];
			if (features.length === 0) continue;
			expect(
				served.includes(id) || (LAYERS_WITHOUT_TILES as readonly string[]).includes(id),
				id
			).toBe(true);
		}
		for (const id of served.filter((id) => id !== 'municipalities'))
			expect(geojson.get(id)!.size, id).toBeGreaterThan(0);
	});

	it.each(TILE_LAYERS.map((l) => l.id))(
		'%s: both engines cut the same features with the same attributes and close geometry',
		async (id) => {
			const layer = tileLayer(id)!;
			let featuresSeen = 0;
			for (const tile of tiles) {
				const where = `${id} ${tile.z}/${tile.x}/${tile.y}`;
				const [allEmbedded, allPostgres] = await Promise.all(
					ENGINES.map(async (engine) =>
						decode(await vectorTile(dbs[engine], layer, tile.z, tile.x, tile.y), id)
					)
				);
				// A feature smaller than the simplification's tolerance squared (a hamlet-sized
				// municipality at the national view) may collapse to nothing in one engine and not in
				// the other: only those may be missing on one side.
				const keys = (decoded: Decoded[]) => new Set(decoded.map((f) => f.key));
				const [inEmbedded, inPostgres] = [keys(allEmbedded), keys(allPostgres)];
				for (const f of [
					...allEmbedded.filter((f) => !inPostgres.has(f.key)),
					...allPostgres.filter((f) => !inEmbedded.has(f.key))
				])
					expect(f.visibleArea, `${where} ${f.key} only in one engine`).toBeLessThan(
						(2 * TILE_TOLERANCE) ** 2
					);
				const embedded = allEmbedded.filter((f) => inPostgres.has(f.key));
				const postgres = allPostgres.filter((f) => inEmbedded.has(f.key));
				expect(embedded.length, where).toBeGreaterThanOrEqual(allEmbedded.length * 0.99);
				featuresSeen += embedded.length;
				embedded.forEach((e, i) => {
					const p = postgres[i];
					expect(e.id, where).toBe(p.id);
					expect(e.type, `${where} ${e.key}`).toBe(p.type);
					expect(e.properties, `${where} ${e.key}`).toEqual(p.properties);
					// Each engine's outline lies within its tolerance of the stored one, and each rounds
					// to a unit: a vertex of one lies within both tolerances (and the roundings) of the
					// other's outline. PostgreSQL simplifies in degrees, bounded at the tile's latitude:
					// across a low-zoom tile the bound moves by a few per cent, hence the unit more.
					const near = 2 * TILE_TOLERANCE + 3;
					// At the national view (z < 8) ST_AsMVTGeom snaps ragged outlines (bays, narrow
					// valleys) to its grid and repairs them, which geojson-vt does not: vertices part by
					// 10-14 units there (seen at z6 in Piedmont), a pixel or two of a 512-pixel tile.
					// There the areas are compared, not the vertices.
					if (tile.z >= 8) {
						expect(
							farthestVertex(e.rings, p.rings, e.type),
							`${where} ${e.key}`
						).toBeLessThanOrEqual(near);
						expect(
							farthestVertex(p.rings, e.rings, e.type),
							`${where} ${e.key}`
						).toBeLessThanOrEqual(near);
					}
					// So the areas differ by at most that band along the outline.
					if (e.type === 3)
						expect(
							Math.abs(e.visibleArea - p.visibleArea),
							`${where} ${e.key} area`
						).toBeLessThanOrEqual(near * p.visiblePerimeter);
				});
			}
			expect(featuresSeen).toBeGreaterThan(0);
		},
		120_000
	);

	it.each(TILE_LAYERS.map((l) => l.id))(
		"%s: a tile holds the GeoJSON's features that reach into it, with their attributes",
		async (id) => {
			const layer = tileLayer(id)!;
			const features = geojson.get(id)!;
			for (const engine of ENGINES)
				for (const tile of tiles) {
					const where = `${engine} ${id} ${tile.z}/${tile.x}/${tile.y}`;
					const decoded = decode(await vectorTile(dbs[engine], layer, tile.z, tile.x, tile.y), id);
					const keys = new Set(decoded.map((f) => f.key));
					for (const [key, feature] of features) {
						const points = positions(feature.geometry).map((p) => inTile(tile, p));
						const inside = points.some(
							([x, y]) => x > 0 && x < TILE_EXTENT && y > 0 && y < TILE_EXTENT
						);
						if (inside) expect(keys.has(key), `${where}: ${key} missing`).toBe(true);
					}
					for (const f of decoded) {
						const feature = features.get(f.key);
						expect(feature, `${where}: ${f.key} is not in the GeoJSON`).toBeDefined();
						// Within the tile and its buffer, as the GeoJSON has it.
						const xs = positions(feature!.geometry).map((p) => inTile(tile, p));
						expect(Math.max(...xs.map(([x]) => x))).toBeGreaterThan(-TILE_BUFFER - 1);
						expect(Math.min(...xs.map(([x]) => x))).toBeLessThan(TILE_EXTENT + TILE_BUFFER + 1);
						const attributes = feature!.properties as Record<string, unknown>;
						expect(parsedAttributes(f.properties, attributes), `${where} ${f.key}`).toEqual(
							asTileAttributes(attributes)
						);
					}
				}
		},
		120_000
	);

	it('a tile with no feature is empty on both engines', async () => {
		for (const engine of ENGINES)
			for (const layer of TILE_LAYERS) {
				const bytes = await vectorTile(dbs[engine], layer, emptyTile.z, emptyTile.x, emptyTile.y);
				expect(bytes.byteLength, `${engine} ${layer.id}`).toBe(0);
			}
	});

	it('refuses what is not a tile', async () => {
		const layer = tileLayer('municipalities')!;
		for (const [z, x, y] of [
			[17, 0, 0],
			[-1, 0, 0],
			[4, 16, 0],
			[4, 0, 16],
			[4, 1.5, 0]
		])
			await expect(vectorTile(dbs.pglite, layer, z, x, y)).rejects.toThrow(RangeError);
	});

	it('on the embedded engine, a layer is read once per data version, whatever the tiles asked', async () => {
		const db = dbs.pglite;
		let reads = 0;
		const counting: Database = {
			...db,
			query(text, params) {
				if (text.includes('ST_AsGeoJSON')) reads++;
				return db.query(text, params);
			}
		};
		const layer = tileLayer('districts')!;
		for (const { z, x, y } of tiles) await vectorTile(counting, layer, z, x, y);
		expect(reads).toBe(1);
		await db.query(`update public.layer_feature set name = name where layer_id = 'districts'`);
		for (const { z, x, y } of tiles) await vectorTile(counting, layer, z, x, y);
		expect(reads).toBe(2);
	});

	it.each(ENGINES)('on %s, a tile follows a change of the data at once', async (engine) => {
		const db = dbs[engine];
		const layer = tileLayer('municipalities')!;
		const lucca = tiles[0];
		const nameOf = async () =>
			decode(await vectorTile(db, layer, lucca.z, lucca.x, lucca.y), 'municipalities').find(
				(f) => f.properties.istat === '046017'
			)?.properties.name;
		expect(await nameOf()).toBe('Lucca');
		await db.query(`update public.municipality set name = 'Lucca (prova)' where istat = '046017'`);
		try {
			expect(await nameOf()).toBe('Lucca (prova)');
		} finally {
			await db.query(`update public.municipality set name = 'Lucca' where istat = '046017'`);
		}
		expect(await nameOf()).toBe('Lucca');
	});
});
