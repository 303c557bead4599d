import type { Feature, FeatureCollection, Geometry } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import { MAX_RESIDENTS_PER_HOUSEHOLD } from '../geodata/agcom.ts';
import type { Database } from './db/engine.ts';
import { NATIONAL_LAYER_IDS } from '../types.ts';
import { NATIONAL_COLUMNS, nationalFeatureSql } from './national-context.ts';

/**
 * Mapbox Vector Tiles (`GET /api/v1/tiles/{layer}/{z}/{x}/{y}.mvt`) of the municipal boundaries and
 * the thematic layers, made alike on both engines:
 * - PostgreSQL: one ST_AsMVT query per tile, over the features whose geometry meets the tile
 *   (a GiST index scan), simplified for the zoom and clipped by ST_AsMVTGeom;
 * - embedded (PGlite has no ST_AsMVT): the layer read once per data version into a geojson-vt
 *   index, which simplifies per zoom and clips; vt-pbf encodes its tiles.
 * Both use the same extent, buffer and simplification tolerance, and the same attributes.
 */

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

/** Tiles are served for zooms 0–16: beyond it geometry is kept as stored (the map overzooms). */
export const MAX_TILE_ZOOM = 16;
/** Tile coordinates per side: the MVT default, finer than any screen at 512 px per tile. */
export const TILE_EXTENT = 4096;
/** Geometry kept past each edge (in tile units, 1/64 of the tile): lines and outlines join without seams. */
export const TILE_BUFFER = 64;
/**
 * Douglas–Peucker tolerance in tile units (geojson-vt's default): at 4096 units per tile, well
 * under a pixel. geojson-vt keeps every vertex at its maxZoom, so PostgreSQL does too.
 */
export const TILE_TOLERANCE = 3;

/** Half the width of the Web Mercator world, in metres (EPSG:3857). */
const MERCATOR_HALF_WORLD = 20037508.342789244;

/**
 * One tile layer: its id and the SQL selecting its features, one row each, with
 * - `id` text: the feature's id as the layer's GeoJSON gives it;
 * - `tile_id` bigint or null: the MVT feature id (MVT ids are unsigned integers: a municipality's
 *   ISTAT code as a number, as its GeoJSON id; null where the GeoJSON id is text, which the
 *   `id` attribute then carries);
 * - `properties` jsonb: the attributes, as the layer's GeoJSON carries them;
 * - `geom` geometry in EPSG:4326, with a GiST index on the column it comes from.
 * The SQL must keep `geom` a plain column of an indexed table, with no aggregate or limit around
 * it, so that the tile's bbox filter, added outside, reaches the index. Adding a layer is adding
 * one entry to TILE_LAYERS.
 */
export interface TileLayer {
	id: string;
	sql: string;
	/**
	 * Instead of `properties`, the SQL gives each attribute as a scalar column of this name (null
	 * where unknown). ST_AsMVT then reads them as they are: on a low-zoom tile of thousands of
	 * municipalities, building and flattening a jsonb per feature was half the tile's time.
	 */
	columns?: readonly string[];
}

const LATEST_SNAPSHOT = `(select max(snapshot) from public.broadband_snapshot)`;
const PREVIOUS_SNAPSHOT = `(select max(snapshot) from public.broadband_snapshot where snapshot < ${LATEST_SNAPSHOT})`;

/** The latest AGCOM figures of municipality `m` (alias `c`) and the previous snapshot's (alias `p`). */
const BROADBAND_JOINS = `
	left join public.broadband_coverage c on c.istat = m.istat and c.snapshot = ${LATEST_SNAPSHOT}
	left join public.broadband_coverage p on p.istat = m.istat and p.snapshot = ${PREVIOUS_SNAPSHOT}`;

/**
 * The choropleth's figures, as the broadband layer's GeoJSON computes them (ftthHouseholdShare
 * in src/lib/geodata/agcom.ts: the tests compare both).
 */
const BROADBAND_FIGURES = `
	'snapshot', to_char(c.snapshot, 'YYYY-MM-DD'),
	'ftth_household_share', case
		when c.households_resident is null or c.households_ftth is null or c.households_resident = 0
			or c.households_ftth > c.households_resident
			or (m.population is not null and c.households_resident * ${MAX_RESIDENTS_PER_HOUSEHOLD} < m.population)
		then null else (c.households_ftth::float8 / c.households_resident) * 100 end,
	'ftth_household_share_reliability', case
		when c.istat is null then null
		when c.households_resident is null or c.households_ftth is null then 'unavailable'
		when c.households_resident = 0 or c.households_ftth > c.households_resident
			or (m.population is not null and c.households_resident * ${MAX_RESIDENTS_PER_HOUSEHOLD} < m.population)
		then 'unreliable' else 'ok' end,
	'addresses_fixed', c.addresses_fixed,
	'addresses_ftth', c.addresses_ftth,
	'addresses_ftth_change', c.addresses_ftth - p.addresses_ftth`;

/** The municipal boundaries: the facts of /api/v1/municipalities and the choropleth's figures. */
const municipalities: TileLayer = {
	id: 'municipalities',
	sql: `select m.istat as id, m.istat::int8 as tile_id,
		jsonb_build_object('istat', m.istat, 'name', m.name, 'province', m.province,
			'area_km2', m.area_km2::float8, 'population', m.population::int4,
			'population_year', m.population_year::int4,
			'density_per_km2', m.population::float8 / m.area_km2::float8,
			${BROADBAND_FIGURES}) as properties,
		m.geom
	from public.municipality m ${BROADBAND_JOINS}`
};

/** The broadband layer: the properties of /api/v1/layers/broadband (municipalities with figures). */
const broadband: TileLayer = {
	id: 'broadband',
	sql: `select m.istat as id, m.istat::int8 as tile_id,
		jsonb_build_object('istat', m.istat, 'name', m.name,
			'source', (select s.upstream from public.broadband_snapshot s where s.snapshot = c.snapshot),
			'precision', 'municipality',
			'previous_snapshot', to_char(p.snapshot, 'YYYY-MM-DD'),
			'households_resident', c.households_resident, 'households_ftth', c.households_ftth,
			${BROADBAND_FIGURES}) as properties,
		m.geom
	from public.municipality m ${BROADBAND_JOINS}
	where c.istat is not null`
};

/** A curated layer of public.layer_feature: the properties of /api/v1/layers/{id} (getCuratedLayer). */
function curatedLayer(id: string): TileLayer {
	if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new Error(`not a layer id: ${id}`);
	return {
		id,
		sql: `select f.feature_id as id, null::int8 as tile_id,
			f.properties || jsonb_build_object('layer', f.layer_id, 'id', f.feature_id, 'kind', f.kind,
				'name', f.name, 'source', f.source, 'source_date', f.source_date, 'licence', f.licence,
				'precision', f.precision,
				'estimated', f.precision like 'estimated%' or f.precision = 'schematic',
				'owner', f.owner,
				'municipalities', coalesce((select jsonb_agg(jsonb_build_object('istat', m.istat, 'name', m.name) order by m.name)
					from public.municipality m where m.istat = any(f.municipalities)), '[]'::jsonb),
				'interventions', coalesce((select jsonb_agg(jsonb_build_object('id', i.id, 'code', i.code,
					'title_it', i.title_it, 'title_en', i.title_en, 'relation', l.relation) order by i.code)
					from public.intervention_feature l join public.intervention i on i.id = l.intervention_id
					where l.layer_id = f.layer_id and l.feature_id = f.feature_id), '[]'::jsonb)) as properties,
			f.geom
		from public.layer_feature f where f.layer_id = '${id}'`
	};
}

/**
 * Every tile layer. Of the catalogue (geodata/layers.json) two are left to their GeoJSON:
 * - interventions: their state (progress) comes from the monitoring rules in TypeScript and
 *   today's date, which SQL cannot give ST_AsMVT without a second copy of those rules;
 * - observations: which ones are visible is row-level security's (what the anonymous role may
 *   read); a tile query written apart would repeat that rule outside RLS. They are a few points,
 *   which GeoJSON carries well.
 */
export const TILE_LAYERS: readonly TileLayer[] = [
	municipalities,
	broadband,
	...['bottlenecks', 'districts', 'technology-poles', 'puccini'].map(curatedLayer),
	// Every Italian municipality (7,899): the national context is drawn from tiles only.
	...NATIONAL_LAYER_IDS.map((id) => ({
		id,
		sql: nationalFeatureSql(id),
		columns: NATIONAL_COLUMNS
	}))
];

/** The catalogue's layers not served as tiles (see TILE_LAYERS). */
export const LAYERS_WITHOUT_TILES = ['interventions', 'observations'] as const;

export const tileLayer = (id: string): TileLayer | undefined =>
	TILE_LAYERS.find((layer) => layer.id === id);

/**
 * The layer's rows with their attributes as MVT allows them: null values are left out (MVT has
 * no null), nested arrays and objects become their JSON text (MVT values are scalars; the
 * client parses them back with JSON.parse). Done in SQL so both engines encode the same values.
 */
const flatRows = (layer: TileLayer) =>
	layer.columns
		? `select f.id, f.tile_id, f.geom,
			jsonb_strip_nulls(jsonb_build_object(${layer.columns.map((c) => `'${c}', f.${c}`).join(', ')})) as properties
		from (${layer.sql}) f`
		: `
	select f.id, f.tile_id, f.geom,
		(select coalesce(jsonb_object_agg(e.key, case when jsonb_typeof(e.value) in ('object', 'array')
			then to_jsonb(e.value::text) else e.value end), '{}'::jsonb)
		 from jsonb_each(f.properties) e where jsonb_typeof(e.value) <> 'null') as properties
	from (${layer.sql}) f`;

/** Metres of EPSG:3857 per degree of longitude (the sphere's radius × π / 180). */
const MERCATOR_METRES_PER_DEGREE = MERCATOR_HALF_WORLD / 180;

/** The latitude of a tile row's edge `y` at zoom `z` (y may be fractional). */
const latitudeOf = (z: number, y: number) =>
	(Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/**
 * The Douglas–Peucker tolerance for tile z/x/y in degrees, applied before projecting: fewer
 * vertices to transform, clip and validate (at a national scale this is most of a low-zoom tile's
 * time). A degree stretches to at most `MERCATOR_METRES_PER_DEGREE / cos(lat)` metres of Web
 * Mercator, so dividing geojson-vt's tolerance (in Mercator) by that at the tile's latitude
 * farthest from the equator keeps every vertex dropped within geojson-vt's tolerance.
 * geojson-vt keeps every vertex at its maxZoom, and so does this.
 */
export function toleranceDegrees(z: number, y: number): number {
	if (z >= MAX_TILE_ZOOM) return 0;
	const metres = (TILE_TOLERANCE * 2 * MERCATOR_HALF_WORLD) / (2 ** z * TILE_EXTENT);
	const farthest = Math.min(
		85,
		Math.max(Math.abs(latitudeOf(z, y)), Math.abs(latitudeOf(z, y + 1)))
	);
	return (metres * Math.cos((farthest * Math.PI) / 180)) / MERCATOR_METRES_PER_DEGREE;
}

/**
 * One tile on PostgreSQL: the features whose geometry meets the tile and its buffer (through the
 * layer's GiST index), simplified for the zoom, then projected, clipped and quantised by
 * ST_AsMVTGeom (which also makes polygons valid again). Douglas–Peucker as geojson-vt, not
 * ST_SimplifyPreserveTopology: that took 5–7 times as long on a national-scale low-zoom tile.
 * Collapsed rings are kept (then dropped by ST_AsMVTGeom if they round to nothing), as
 * geojson-vt keeps a ring by its area before simplification.
 */
export function postgresTileQuery(layer: TileLayer): string {
	// ST_AsMVT leaves a null column out, as flatRows leaves out a null attribute.
	const attributes = layer.columns ? layer.columns.map((c) => `r.${c}`).join(', ') : 'r.properties';
	return `select ST_AsMVT(t, $4, ${TILE_EXTENT}, 'geom', 'tile_id') as tile from (
		select r.tile_id, ${attributes},
			ST_AsMVTGeom(ST_Transform(ST_Simplify(r.geom, $5::float8, true), 3857),
				ST_TileEnvelope($1::int4, $2::int4, $3::int4), ${TILE_EXTENT}, ${TILE_BUFFER}, true) as geom
		from (${layer.columns ? layer.sql : flatRows(layer)}) r
		where r.geom && ST_Transform(ST_TileEnvelope($1::int4, $2::int4, $3::int4,
			margin => ${TILE_BUFFER / TILE_EXTENT}), 4326)
	) t where t.geom is not null`;
}

async function postgresTile(db: Database, layer: TileLayer, z: number, x: number, y: number) {
	const [row] = await db.query<{ tile: Uint8Array | null }>(postgresTileQuery(layer), [
		z,
		x,
		y,
		layer.id,
		toleranceDegrees(z, y)
	]);
	return row?.tile ? new Uint8Array(row.tile) : new Uint8Array(0);
}

/** A layer's tiles on the embedded engine, for one data version. */
interface EmbeddedIndex {
	version: string;
	index: Promise<GeoJSONVT>;
}

/** Per database and layer: the geojson-vt index kept for the current data version. */
const indexes = new WeakMap<Database, Map<string, EmbeddedIndex>>();

/** jsonb comes back parsed from some drivers and as text from others. */
const parsed = <T>(value: unknown): T =>
	(typeof value === 'string' ? JSON.parse(value) : value) as T;

/** The layer as GeoJSON, with the MVT feature ids, for geojson-vt. */
async function readTileLayer(db: Database, layer: TileLayer): Promise<FeatureCollection> {
	const rows = await db.query<{
		tile_id: string | null;
		properties: unknown;
		geometry: string;
	}>(
		`select r.tile_id::text as tile_id, r.properties, ST_AsGeoJSON(r.geom) as geometry
		 from (${flatRows(layer)}) r order by r.id`
	);
	return {
		type: 'FeatureCollection',
		features: rows.map((row): Feature => ({
			type: 'Feature',
			...(row.tile_id === null ? {} : { id: Number(row.tile_id) }),
			properties: parsed<Record<string, unknown>>(row.properties),
			geometry: JSON.parse(row.geometry) as Geometry
		}))
	};
}

/** geojson-vt with the tile parameters shared with PostgreSQL; tiles are cut as they are asked for. */
const indexOf = (collection: FeatureCollection) =>
	new GeoJSONVT(collection, {
		maxZoom: MAX_TILE_ZOOM,
		// Tiles cut up front: down to z5, the whole province fits in a few.
		indexMaxZoom: 5,
		tolerance: TILE_TOLERANCE,
		extent: TILE_EXTENT,
		buffer: TILE_BUFFER
	});

/**
 * The layer's index at the current data version: built once per version (by the first request
 * that needs it; others wait for it), replaced when the version moves on. The features are read
 * after the version: an index is never older than the version it is kept for.
 */
async function embeddedIndex(db: Database, layer: TileLayer): Promise<GeoJSONVT> {
	const version = await db.dataVersion();
	let byLayer = indexes.get(db);
	if (!byLayer) indexes.set(db, (byLayer = new Map()));
	const kept = byLayer.get(layer.id);
	if (kept?.version === version) return kept.index;
	const building = readTileLayer(db, layer).then(indexOf);
	const entry: EmbeddedIndex = { version, index: building };
	byLayer.set(layer.id, entry);
	building.catch(() => {
		if (byLayer.get(layer.id) === entry) byLayer.delete(layer.id);
	});
	return building;
}

/** Drops the embedded indexes of `db` (the bench's cold runs). */
export function forgetTileIndexes(db: Database): void {
	indexes.delete(db);
}

async function embeddedTile(db: Database, layer: TileLayer, z: number, x: number, y: number) {
	const tile = (await embeddedIndex(db, layer)).getTile(z, x, y);
	if (!tile || tile.features.length === 0) return new Uint8Array(0);
	// vt-pbf is typed against @maplibre/geojson-vt's tiles; geojson-vt's have the same shape.
	return fromGeojsonVt({ [layer.id]: tile } as unknown as Parameters<typeof fromGeojsonVt>[0], {
		version: 2,
		extent: TILE_EXTENT
	});
}

/** True when z/x/y names a tile: z in 0–MAX_TILE_ZOOM, x and y in 0–2^z−1. */
export function isTile(z: number, x: number, y: number): boolean {
	const side = 2 ** z;
	return (
		[z, x, y].every(Number.isInteger) &&
		z >= 0 &&
		z <= MAX_TILE_ZOOM &&
		x >= 0 &&
		x < side &&
		y >= 0 &&
		y < side
	);
}

/**
 * The tile's bytes (a protobuf with one layer named after `layer.id`); an empty array when no
 * feature meets the tile.
 */
export async function vectorTile(
	db: Database,
	layer: TileLayer,
	z: number,
	x: number,
	y: number
): Promise<Uint8Array> {
	if (!isTile(z, x, y)) throw new RangeError(`not a tile: ${z}/${x}/${y}`);
	return db.engine === 'postgres'
		? postgresTile(db, layer, z, x, y)
		: embeddedTile(db, layer, z, x, y);
}

/**
 * Builds the embedded engine's tile indexes ahead of the first reader: cutting the national
 * context's 7,899 boundaries takes most of a second of the server's thread, better spent at
 * start than in a reader's request. Nothing to do on PostgreSQL (ST_AsMVT per tile).
 */
export async function warmTileIndexes(db: Database): Promise<void> {
	if (db.engine === 'postgres') return;
	for (const layer of TILE_LAYERS) await embeddedIndex(db, layer);
}
