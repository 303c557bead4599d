import type { Feature, FeatureCollection, Geometry, MultiPolygon, Position } from 'geojson';
import type { DrawnGeometry } from '../drawing/geometry-file.ts';
import type { SnapTargets } from '../drawing/snap.ts';
import {
	interventionCandidates,
	layerCandidates,
	municipalityShares,
	nearbyCandidates,
	suggestAmbito,
	type MunicipalityShape,
	type NearbyCandidate
} from '../impact.ts';

interface DistrictShape {
	layer: string;
	id: string;
	name: string;
	members: string[];
}

/** What the live analysis compares against, from the atlas's own API. */
const SOURCES = [
	'/api/v1/municipalities',
	'/api/v1/layers/bottlenecks',
	'/api/v1/layers/technology-poles',
	'/api/v1/layers/puccini',
	'/api/v1/layers/districts',
	'/api/v1/interventions'
];

/**
 * The impact of a drawing, worked out in the browser while it is drawn (the server measures it
 * again with PostGIS when it is saved): the municipalities it crosses, the layers' features and
 * the interventions near it, the ambito they suggest, and where vertices snap. Create it while a
 * component initialises: it fetches its data in an effect of that component.
 */
export class LiveImpact {
	shapes = $state.raw<MunicipalityShape[]>([]);
	#candidates = $state.raw<NearbyCandidate[]>([]);
	#interventions = $state.raw<ReturnType<typeof interventionCandidates>>([]);
	#districts = $state.raw<DistrictShape[]>([]);
	snapTargets = $state.raw<SnapTargets>({ points: [], lines: [] });

	readonly #geometry: () => DrawnGeometry | null;
	readonly #distanceKm: () => number;

	constructor(geometry: () => DrawnGeometry | null, distanceKm: () => number) {
		this.#geometry = geometry;
		this.#distanceKm = distanceKm;
		$effect(() => {
			let cancelled = false;
			this.#load().then((apply) => {
				if (!cancelled) apply();
			});
			return () => {
				cancelled = true;
			};
		});
	}

	async #load() {
		const [municipalities, ...layers] = await Promise.all(
			SOURCES.map(async (url) => (await fetch(url)).json() as Promise<FeatureCollection>)
		);
		return () => {
			// The last answer is the interventions', the others are layers.
			this.#interventions = interventionCandidates(layers.pop()!.features);
			const shapes = municipalities.features.map((f) => ({
				istat: String(f.properties?.istat),
				name: String(f.properties?.name),
				population: (f.properties?.population as number | null) ?? null,
				geometry:
					f.geometry.type === 'Polygon'
						? ({ type: 'MultiPolygon', coordinates: [f.geometry.coordinates] } as MultiPolygon)
						: (f.geometry as MultiPolygon)
			}));
			this.shapes = shapes;
			const features = layers.flatMap((l) => l.features as Feature<Geometry>[]);
			this.#candidates = layerCandidates(features);
			this.#districts = features
				.filter((f) => f.properties?.kind === 'district')
				.map((f) => ({
					layer: String(f.properties?.layer),
					id: String(f.properties?.id),
					name: String(f.properties?.name),
					members: (f.properties?.municipalities as { istat: string }[]).map((m) => m.istat)
				}));
			// Vertices snap to stations and to municipal boundaries (their vertices, then their edges).
			this.snapTargets = {
				points: [
					...features
						.filter((f) => f.properties?.kind === 'station' && f.geometry.type === 'Point')
						.map((f) => (f.geometry as { coordinates: Position }).coordinates),
					...shapes.flatMap((s) => s.geometry.coordinates.flat(2))
				],
				lines: shapes.flatMap((s) => s.geometry.coordinates.flat(1))
			};
		};
	}

	/** The municipalities the drawing lies in, with its share in each. */
	shares = $derived.by(() => {
		const current = this.#geometry();
		return current && this.shapes.length ? municipalityShares(current, this.shapes) : [];
	});

	/** The layers' features within the distance (a district: when one of its members is crossed). */
	nearby = $derived.by(() => {
		const current = this.#geometry();
		if (!current) return [];
		const touched = new Set(this.shares.map((s) => s.istat));
		const touchedDistricts = this.#districts
			.filter((d) => d.members.some((m) => touched.has(m)))
			.map(({ members: _, ...d }) => ({ ...d, kind: 'district', distance_km: 0 }));
		return [
			...nearbyCandidates(current, this.#candidates, this.#distanceKm()),
			...touchedDistricts
		];
	});

	interventions = $derived.by(() => {
		const current = this.#geometry();
		if (!current) return [];
		return nearbyCandidates(current, this.#interventions, this.#distanceKm()).map((c) => ({
			id: c.id,
			code: c.name,
			title: c.title,
			distance_km: c.distance_km
		}));
	});

	/** The ambito the layers nearby suggest (null before anything is drawn). */
	suggested = $derived.by(() => {
		if (!this.#geometry()) return null;
		const count = (kind: string) => this.nearby.filter((n) => n.kind === kind).length;
		return suggestAmbito({
			bottlenecks: count('bottleneck'),
			stations: count('station'),
			districts: count('district'),
			poles: count('technology-pole'),
			puccini: count('puccini-place')
		});
	});
}
