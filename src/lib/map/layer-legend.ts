import { PROGRESS_ORDER } from '../monitoring.ts';
import type { HatchDirection } from './hatch.ts';
import { AREA_LAYER_HATCH } from './layers/hatched-areas.ts';
import type { InterventionColouring } from './layers/interventions.ts';
import { LAYER_MARKERS, type MarkerShape } from './markers.ts';
import type { Theme } from './theme.ts';

/** How a legend row draws its swatch; each matches a way the layer styles draw features. */
export type LegendSymbol =
	| 'point'
	| 'point-hollow'
	| 'point-small'
	| 'line'
	| 'line-dashed'
	/** A line with white dashes inside: a bottleneck's schematic trace. */
	| 'line-masked'
	| 'area'
	/** Hatch and outline: an area layer drawn over a choropleth. */
	| 'area-hatched';

export interface LegendEntry {
	symbol: LegendSymbol;
	color: string;
	/** Message key of the row's label. */
	label: string;
	/** For a point drawn as a marker rather than a circle: its shape. */
	shape?: MarkerShape;
	/** For an `area-hatched` row: the diagonal its layer is hatched along. */
	hatch?: HatchDirection;
	/** Filled into the label, e.g. the district sector. */
	params?: Record<string, string>;
}

type Properties = Record<string, unknown>;

const isPoint = (f: { geometry: { type: string } }) => f.geometry.type === 'Point';
const isLine = (f: { geometry: { type: string } }) => f.geometry.type === 'LineString';
const estimated = (p: Properties) => p.estimated === true;
type LegendGeometry = { type: string; geometries?: LegendGeometry[] };
/** Whether a geometry has an area (features a GeometryCollection gathers included). */
const hasArea = (g: LegendGeometry): boolean =>
	/Polygon$/.test(g.type) || (g.geometries ?? []).some(hasArea);

/**
 * Legend rows for a point, line or area layer, from the same theme colours and drawing rules its
 * style uses, and only for the kinds of feature the data has (no row for something not on the map).
 */
export function layerLegend(
	layerId: string,
	features: { properties: Properties; geometry: LegendGeometry }[],
	theme: Theme,
	options: { interventionColour?: InterventionColouring; choroplethShown?: boolean } = {}
): LegendEntry[] {
	const has = (test: (f: (typeof features)[number]) => boolean) => features.some(test);
	const rows: LegendEntry[] = [];
	const add = (condition: boolean, entry: LegendEntry) => condition && rows.push(entry);
	if (layerId === 'bottlenecks') {
		const bottleneck = (f: (typeof features)[number]) => f.properties.kind === 'bottleneck';
		add(
			has((f) => f.properties.kind === 'rail-line'),
			{
				symbol: 'line',
				color: theme.rail,
				label: 'legend.railLine'
			}
		);
		add(
			has((f) => f.properties.kind === 'station'),
			{
				symbol: 'point-small',
				color: theme.rail,
				label: 'legend.station'
			}
		);
		add(
			has((f) => bottleneck(f) && isLine(f) && f.properties.precision !== 'schematic'),
			{
				symbol: 'line',
				color: theme.bottleneck,
				label: 'legend.bottleneckLine'
			}
		);
		add(
			has((f) => bottleneck(f) && isLine(f) && f.properties.precision === 'schematic'),
			{
				symbol: 'line-masked',
				color: theme.bottleneck,
				label: 'legend.bottleneckSchematic'
			}
		);
		add(
			has((f) => bottleneck(f) && isPoint(f) && !estimated(f.properties)),
			{
				symbol: 'point',
				shape: LAYER_MARKERS.bottlenecks,
				color: theme.bottleneck,
				label: 'legend.bottleneckPoint'
			}
		);
		add(
			has((f) => bottleneck(f) && isPoint(f) && estimated(f.properties)),
			{
				symbol: 'point-hollow',
				shape: LAYER_MARKERS.bottlenecks,
				color: theme.bottleneck,
				label: 'legend.bottleneckEstimated'
			}
		);
		return rows;
	}
	const hatched = (label: string, hatch: HatchDirection): LegendEntry => ({
		symbol: 'area-hatched',
		color: theme.areaOverChoropleth,
		label,
		hatch
	});
	// Over a choropleth every district is drawn alike (hatched, not by sector): one row says so.
	if (layerId === 'districts' && options.choroplethShown) {
		add(features.length > 0, hatched('legend.districtHatched', AREA_LAYER_HATCH.districts));
		return rows;
	}
	if (layerId === 'interventions')
		add(
			options.choroplethShown === true && has((f) => hasArea(f.geometry)),
			hatched('legend.interventionArea', AREA_LAYER_HATCH.interventions)
		);
	if (layerId === 'districts') {
		const sectors = new Set(features.map((f) => String(f.properties.sector)));
		for (const [sector, color] of Object.entries(theme.districtColors)) {
			add(sectors.has(sector), {
				symbol: 'area',
				color,
				label: 'legend.district',
				params: { sector }
			});
		}
		return rows;
	}
	if (layerId === 'interventions' && options.interventionColour === 'progress') {
		const present = new Set(features.map((f) => f.properties.progress ?? 'not_monitored'));
		for (const progress of PROGRESS_ORDER)
			add(present.has(progress), {
				symbol: 'point',
				color: theme.progressColors[progress],
				label: `monitoring.progress.${progress}`
			});
		return rows;
	}
	if (layerId === 'interventions') {
		const ambiti = new Set(features.map((f) => f.properties.primary_ambito ?? null));
		theme.ambitoColors.forEach((color, index) =>
			add(ambiti.has(index + 1), {
				symbol: 'point',
				color,
				label: 'legend.ambito',
				params: { ambito: String(index + 1) }
			})
		);
		add(ambiti.has(null), {
			symbol: 'point',
			color: theme.ambitoUnassigned,
			label: 'plan.ambitoUnassigned'
		});
		return rows;
	}
	if (layerId === 'broadband') return rows;
	const color = theme.layerColors[layerId] ?? theme.provinceOutline;
	const shape: MarkerShape | undefined = LAYER_MARKERS[layerId as keyof typeof LAYER_MARKERS];
	add(
		has((f) => isPoint(f) && !estimated(f.properties)),
		{
			symbol: 'point',
			shape,
			color,
			label: 'legend.place'
		}
	);
	add(
		has((f) => isPoint(f) && estimated(f.properties)),
		{
			symbol: 'point-hollow',
			shape,
			color,
			label: 'legend.placeEstimated'
		}
	);
	add(has(isLine), { symbol: 'line-dashed', color, label: 'legend.itinerary' });
	return rows;
}
