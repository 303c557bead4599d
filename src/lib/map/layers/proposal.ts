import type { LayerSpecification } from 'maplibre-gl';
import type { Theme } from '../theme.ts';

export const proposalLayerIds = (source: string) => ({
	fill: `${source}-fill`,
	halo: `${source}-halo`,
	line: `${source}-line`,
	point: `${source}-point`
});

/**
 * A proposal's geometry as the proposal page shows it: a dashed outline (a proposal is not yet
 * an intervention), a light fill for areas, a ringed dot for a point.
 */
export function proposalLayers(source: string, theme: Theme): LayerSpecification[] {
	const ids = proposalLayerIds(source);
	return [
		{
			id: ids.fill,
			type: 'fill',
			source,
			filter: ['==', ['geometry-type'], 'Polygon'],
			paint: { 'fill-color': theme.proposal, 'fill-opacity': 0.18 }
		},
		{
			id: ids.halo,
			type: 'line',
			source,
			filter: ['!=', ['geometry-type'], 'Point'],
			paint: { 'line-color': theme.proposalHalo, 'line-width': 6, 'line-opacity': 0.9 }
		},
		{
			id: ids.line,
			type: 'line',
			source,
			filter: ['!=', ['geometry-type'], 'Point'],
			layout: { 'line-cap': 'round', 'line-join': 'round' },
			paint: { 'line-color': theme.proposal, 'line-width': 3, 'line-dasharray': [2, 1] }
		},
		{
			id: ids.point,
			type: 'circle',
			source,
			filter: ['==', ['geometry-type'], 'Point'],
			paint: {
				'circle-radius': 7,
				'circle-color': theme.proposal,
				'circle-stroke-color': theme.proposalHalo,
				'circle-stroke-width': 2.5
			}
		}
	];
}
