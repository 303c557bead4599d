import type { Feature, FeatureCollection, Geometry, MultiPolygon } from 'geojson';
import { readConfig } from './config.ts';
import { openDatabase, type Database, type Transactional } from './db/index.ts';
import { ftthHouseholdShare } from '../geodata/agcom.ts';
import type {
	BroadbandProperties,
	LayerFeatureProperties,
	LayerInfo,
	MunicipalityFacts,
	MunicipalityProfile,
	MunicipalityRef,
	MunicipalityReport,
	MunicipalitySummary,
	NationalComparison,
	ProvinceInfo,
	SourceInfo
} from '../types.ts';

import { interventionQueries } from './intervention-queries.ts';
import { observationLayer } from './observations.ts';
import { searchQueries } from './search-queries.ts';
import { opportunityQueries } from './opportunity-queries.ts';
import { compareMunicipality, nationalContextQueries, nationalLayer } from './national-context.ts';
import type { Opportunity } from '../opportunities.ts';
import { municipalityIndicators } from '../municipality-indicators.ts';
import {
	interventionsByAmbito,
	interventionsByStatus,
	municipalityReportQueries
} from './municipality-report.ts';
export type * from '../types.ts';

type Row = Omit<MunicipalityFacts, 'density_per_km2'>;

/** [west, south, east, north] from the GeoJSON of an ST_Envelope polygon. */
function bboxOf(envelope: string): [number, number, number, number] {
	const geometry = JSON.parse(envelope) as { type: string; coordinates: number[][][] | number[] };
	// A degenerate envelope comes back as a point.
	const points =
		geometry.type === 'Point'
			? [geometry.coordinates as number[]]
			: (geometry.coordinates as number[][][])[0];
	const lons = points.map((p) => p[0]);
	const lats = points.map((p) => p[1]);
	return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

function withDensity<T extends Row>(row: T): T & { density_per_km2: number | null } {
	return {
		...row,
		density_per_km2: row.population === null ? null : row.population / row.area_km2
	};
}

const FACT_COLUMNS = `m.istat, m.name, m.province, m.area_km2::float8 as area_km2,
	m.population::int4 as population, m.population_year::int4 as population_year`;

/** GeoJSON coordinates to 5 decimals (about 1 m): more only adds bytes. */
const GEOJSON_DECIMALS = 5;

/** The atlas's data access: every query the routes need, on either engine. */
export function createAtlas(db: Transactional) {
	const interventions = interventionQueries(db);
	const reports = municipalityReportQueries(db);
	const national = nationalContextQueries(db);
	return {
		...interventions,
		...reports,
		...searchQueries(db),

		readNationalDistributions: () => national.readDistributions(),

		/** The municipality against its region and Italy; null without the national context. */
		async getNationalComparison(istat: string): Promise<NationalComparison | null> {
			const [distributions, values] = await Promise.all([
				national.readDistributions(),
				national.readValues(istat)
			]);
			return distributions && values ? compareMunicipality(distributions, values) : null;
		},

		/** The investor finder's locations, with FTTH shares from the latest AGCOM snapshot. */
		async listOpportunities(): Promise<{ snapshot: string | null; opportunities: Opportunity[] }> {
			const { snapshot, figures } = await reports.listMunicipalityFigures();
			return {
				snapshot,
				opportunities: await opportunityQueries(db).listOpportunityCandidates(figures)
			};
		},

		/**
		 * The municipality's report: key indicators beside the province's and its rank, the places
		 * in or near it, the interventions that concern it by ambito and status, and its neighbours'
		 * figures; null for an unknown municipality.
		 */
		async getMunicipalityReport(istat: string): Promise<MunicipalityReport | null> {
			const profile = await this.getMunicipality(istat);
			if (!profile) return null;
			const [{ snapshot, figures }, places, layer] = await Promise.all([
				reports.listMunicipalityFigures(),
				reports.listPlacesOf(istat),
				interventions.listInterventions({ municipality: istat })
			]);
			const list = layer.features.map((f) => f.properties);
			const neighbours = new Set(profile.neighbours.map((n) => n.istat));
			return {
				indicators: municipalityIndicators(istat, figures),
				broadband_snapshot: snapshot,
				places,
				interventions: list,
				by_ambito: interventionsByAmbito(list),
				by_status: interventionsByStatus(list),
				neighbour_figures: figures.filter((f) => neighbours.has(f.istat))
			};
		},
		async listMunicipalities(): Promise<FeatureCollection<MultiPolygon, MunicipalityFacts>> {
			const rows = await db.query<Row & { geometry: string }>(
				`select ${FACT_COLUMNS}, ST_AsGeoJSON(m.geom, ${GEOJSON_DECIMALS}) as geometry
				 from public.municipality m order by m.name`
			);
			return {
				type: 'FeatureCollection',
				features: rows.map(({ geometry, ...row }) => ({
					type: 'Feature',
					id: Number(row.istat),
					properties: withDensity(row),
					geometry: JSON.parse(geometry) as MultiPolygon
				}))
			};
		},

		/** Facts, bounding box and a label point for every municipality, without boundaries. */
		async listMunicipalityFacts(): Promise<MunicipalitySummary[]> {
			const rows = await db.query<Row & { bbox: string; label_point: string }>(
				`select ${FACT_COLUMNS}, ST_AsGeoJSON(ST_Envelope(m.geom)) as bbox,
					ST_AsGeoJSON(ST_PointOnSurface(m.geom), 6) as label_point
				 from public.municipality m order by m.name`
			);
			return rows.map(({ bbox, label_point, ...row }) => ({
				...withDensity(row),
				bbox: bboxOf(bbox),
				label_point: (JSON.parse(label_point) as { coordinates: [number, number] }).coordinates
			}));
		},

		async getMunicipality(istat: string): Promise<MunicipalityProfile | null> {
			const [row] = await db.query<Row & { bbox: string; label_point: string }>(
				`select ${FACT_COLUMNS},
					ST_AsGeoJSON(ST_Envelope(m.geom)) as bbox,
					ST_AsGeoJSON(ST_PointOnSurface(m.geom), 6) as label_point
				 from public.municipality m where m.istat = $1`,
				[istat]
			);
			if (!row) return null;
			const neighbours = await db.query<MunicipalityRef>(
				`select n.istat, n.name from public.municipality m
				 join public.municipality n on n.istat <> m.istat and ST_Intersects(m.geom, n.geom)
				 where m.istat = $1 order by n.name`,
				[istat]
			);
			const { bbox, label_point, ...facts } = row;
			return {
				...withDensity(facts),
				bbox: bboxOf(bbox),
				label_point: (JSON.parse(label_point) as { coordinates: [number, number] }).coordinates,
				neighbours
			};
		},

		/** The municipality and its neighbours as GeoJSON, for the server-drawn small map. */
		async getMunicipalityWithNeighbours(
			istat: string
		): Promise<FeatureCollection<MultiPolygon, MunicipalityRef & { focus: boolean }>> {
			const rows = await db.query<MunicipalityRef & { focus: boolean; geometry: string }>(
				`select n.istat, n.name, n.istat = m.istat as focus,
					ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(n.geom, 0.0003)), ${GEOJSON_DECIMALS}) as geometry
				 from public.municipality m
				 join public.municipality n on ST_Intersects(m.geom, n.geom)
				 where m.istat = $1 order by n.istat = m.istat, n.name`,
				[istat]
			);
			return {
				type: 'FeatureCollection',
				features: rows.map(
					({
						geometry,
						...properties
					}): Feature<MultiPolygon, MunicipalityRef & { focus: boolean }> => ({
						type: 'Feature',
						properties,
						geometry: JSON.parse(geometry) as MultiPolygon
					})
				)
			};
		},

		async getProvince(): Promise<ProvinceInfo | null> {
			const [row] = await db.query<{
				code: string | null;
				municipality_count: number;
				area_km2: number | null;
				bbox: string | null;
			}>(
				`select min(province) as code, count(*)::int4 as municipality_count,
					sum(area_km2)::float8 as area_km2, ST_AsGeoJSON(ST_Extent(geom)::geometry) as bbox
				 from public.municipality`
			);
			if (!row?.code || !row.bbox || row.area_km2 === null) return null;
			return {
				code: row.code,
				municipality_count: row.municipality_count,
				area_km2: row.area_km2,
				bbox: bboxOf(row.bbox)
			};
		},

		/** Land (regions) and the province outline, for the offline basemap. */
		async getBasemapLand(): Promise<FeatureCollection> {
			const rows = await db.query<{ kind: string; name: string; geometry: string }>(
				`select 'region' as kind, name, ST_AsGeoJSON(geom, 4) as geometry from public.region
				 union all
				 select 'province' as kind, min(province) as name,
					ST_AsGeoJSON(ST_Boundary(ST_Union(geom)), ${GEOJSON_DECIMALS}) as geometry
				 from public.municipality having count(*) > 0`
			);
			return {
				type: 'FeatureCollection',
				features: rows.map(({ geometry, ...properties }) => ({
					type: 'Feature',
					properties,
					geometry: JSON.parse(geometry)
				}))
			};
		},

		/**
		 * The broadband layer: municipality boundaries with the latest AGCOM snapshot's figures and
		 * the change from the previous snapshot, optionally limited to a bbox [w, s, e, n].
		 */
		async getBroadbandLayer(
			options: { bbox?: [number, number, number, number] } = {}
		): Promise<FeatureCollection<MultiPolygon, BroadbandProperties> & { snapshot: string | null }> {
			const rows = await db.query<{
				istat: string;
				name: string;
				population: number | null;
				snapshot: string;
				previous_snapshot: string | null;
				households_resident: number | null;
				households_ftth: number | null;
				addresses_fixed: number | null;
				addresses_ftth: number | null;
				previous_addresses_ftth: number | null;
				upstream: string;
				geometry: string;
			}>(
				`with latest as (select max(snapshot) as snapshot from public.broadband_snapshot),
				 previous as (select max(snapshot) as snapshot from public.broadband_snapshot
					where snapshot < (select snapshot from latest))
				 select m.istat, m.name, m.population::int4 as population,
					to_char(c.snapshot, 'YYYY-MM-DD') as snapshot,
					to_char(p.snapshot, 'YYYY-MM-DD') as previous_snapshot,
					c.households_resident, c.households_ftth, c.addresses_fixed, c.addresses_ftth,
					p.addresses_ftth as previous_addresses_ftth,
					(select upstream from public.broadband_snapshot s where s.snapshot = c.snapshot) as upstream,
					ST_AsGeoJSON(m.geom, ${GEOJSON_DECIMALS}) as geometry
				 from public.municipality m
				 join public.broadband_coverage c on c.istat = m.istat and c.snapshot = (select snapshot from latest)
				 left join public.broadband_coverage p on p.istat = m.istat and p.snapshot = (select snapshot from previous)
				 where $1::float8 is null or m.geom && ST_MakeEnvelope($1, $2, $3, $4, 4326)
				 order by m.name`,
				options.bbox ?? [null, null, null, null]
			);
			return {
				type: 'FeatureCollection',
				snapshot: rows[0]?.snapshot ?? null,
				features: rows.map((row) => {
					const share = ftthHouseholdShare(
						{ householdsResident: row.households_resident, householdsFtth: row.households_ftth },
						row.population
					);
					return {
						type: 'Feature',
						id: Number(row.istat),
						properties: {
							istat: row.istat,
							name: row.name,
							source: row.upstream,
							precision: 'municipality',
							snapshot: row.snapshot,
							previous_snapshot: row.previous_snapshot,
							ftth_household_share: share.value,
							ftth_household_share_reliability: share.reliability,
							households_resident: row.households_resident,
							households_ftth: row.households_ftth,
							addresses_fixed: row.addresses_fixed,
							addresses_ftth: row.addresses_ftth,
							addresses_ftth_change:
								row.addresses_ftth === null || row.previous_addresses_ftth === null
									? null
									: row.addresses_ftth - row.previous_addresses_ftth
						},
						geometry: JSON.parse(row.geometry) as MultiPolygon
					};
				})
			};
		},

		/** A catalogue layer's features as GeoJSON, or null for an id the atlas has no reader for. */
		async getLayerFeatures(id: string, options: { bbox?: [number, number, number, number] } = {}) {
			switch (id) {
				case 'broadband':
					return this.getBroadbandLayer(options);
				case 'interventions':
					return this.getInterventionsLayer(options);
				case 'observations':
					return observationLayer(db, options);
				case 'national-broadband':
				case 'national-pnrr':
					return nationalLayer(db, id, options);
				default:
					return this.getCuratedLayer(id, options);
			}
		},

		/** A curated layer's features, each with its source, precision and the municipalities it touches. */
		async getCuratedLayer(
			id: string,
			options: { bbox?: [number, number, number, number] } = {}
		): Promise<FeatureCollection<Geometry, LayerFeatureProperties> | null> {
			const [layer] = await db.query<{ id: string }>('select id from public.layer where id = $1', [
				id
			]);
			if (!layer) return null;
			const rows = await db.query<{
				feature_id: string;
				kind: string;
				name: string;
				properties: unknown;
				source: string;
				source_date: string | null;
				licence: string;
				precision: string;
				owner: string;
				municipalities: unknown;
				geometry: string;
				interventions: unknown;
			}>(
				`select f.feature_id, f.kind, f.name, f.properties, f.source, f.source_date, f.licence, f.precision, f.owner,
					coalesce((select json_agg(json_build_object('istat', m.istat, 'name', m.name) order by m.name)
						from public.municipality m where m.istat = any(f.municipalities)), '[]'::json) as municipalities,
					ST_AsGeoJSON(f.geom, 6) as geometry,
					coalesce((select json_agg(json_build_object('id', i.id, 'code', i.code, 'title_it', i.title_it,
						'title_en', i.title_en, 'relation', l.relation) order by i.code)
						from public.intervention_feature l join public.intervention i on i.id = l.intervention_id
						where l.layer_id = f.layer_id and l.feature_id = f.feature_id), '[]'::json) as interventions
				 from public.layer_feature f
				 where f.layer_id = $1 and ($2::float8 is null or f.geom && ST_MakeEnvelope($2, $3, $4, $5, 4326))
				 order by f.name`,
				[id, ...(options.bbox ?? [null, null, null, null])]
			);
			const json = <T>(value: unknown): T =>
				(typeof value === 'string' ? JSON.parse(value) : value) as T;
			return {
				type: 'FeatureCollection',
				features: rows.map((row) => ({
					type: 'Feature',
					id: row.feature_id,
					properties: {
						...json<Record<string, unknown>>(row.properties),
						layer: id,
						id: row.feature_id,
						kind: row.kind,
						name: row.name,
						source: row.source,
						source_date: row.source_date,
						licence: row.licence,
						precision: row.precision,
						// Estimated positions and schematic traces are both shown as indicative.
						estimated: row.precision.startsWith('estimated') || row.precision === 'schematic',
						owner: row.owner,
						municipalities: json<MunicipalityRef[]>(row.municipalities),
						// The plan's interventions acting on this feature, for its popup.
						interventions: json<unknown[]>(row.interventions)
					},
					geometry: JSON.parse(row.geometry) as Geometry
				}))
			};
		},

		/** One itinerary of the Puccini layer, for download; null when there is none with that id. */
		async getItinerary(id: string): Promise<Feature<Geometry, LayerFeatureProperties> | null> {
			const layer = await this.getCuratedLayer('puccini');
			return (
				layer?.features.find((f) => f.properties.kind === 'itinerary' && f.properties.id === id) ??
				null
			);
		},

		async listLayers(): Promise<LayerInfo[]> {
			const rows = await db.query<LayerInfo & Record<string, unknown>>(
				`select id, theme, title, description, method, gaps, precision, licence, sources,
					to_char(data_date, 'YYYY-MM-DD') as data_date
				 from public.layer order by sort_order`
			);
			// jsonb comes back parsed from postgres.js and as text from some drivers.
			const json = <T>(value: unknown): T =>
				(typeof value === 'string' ? JSON.parse(value) : value) as T;
			return rows.map((row) => ({
				id: row.id,
				theme: row.theme,
				title: json(row.title),
				description: json(row.description),
				method: json(row.method),
				gaps: json(row.gaps),
				precision: json(row.precision),
				licence: json(row.licence),
				sources: json(row.sources),
				data_date: row.data_date
			}));
		},

		async listSources(): Promise<SourceInfo[]> {
			const rows = await db.query<SourceInfo>(
				'select id, title, upstream, version, licence, attribution, owner from public.data_source order by id'
			);
			const json = (value: unknown) =>
				(typeof value === 'string' ? JSON.parse(value) : value) as SourceInfo['title'];
			return rows.map((row) => ({
				...row,
				title: json(row.title),
				version: json(row.version),
				licence: json(row.licence),
				attribution: json(row.attribution)
			}));
		}
	};
}

export type Atlas = ReturnType<typeof createAtlas>;

let opening: Promise<Database> | undefined;

/** The server's database, opened once (migrated and loaded) and shared by every request. */
export function getDatabase(): Promise<Database> {
	opening ??= openDatabase(readConfig()).catch((error) => {
		opening = undefined;
		throw error;
	});
	return opening;
}

export async function getAtlas(): Promise<Atlas> {
	return createAtlas(await getDatabase());
}

export async function closeDatabase(): Promise<void> {
	const pending = opening;
	opening = undefined;
	if (pending) await (await pending).close();
}
