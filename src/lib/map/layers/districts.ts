import type { ExpressionSpecification, LayerSpecification } from 'maplibre-gl';
import type { Theme } from '../theme.ts';

export const districtLayerIds = (source: string) => ({
	fill: `${source}-fill`,
	line: `${source}-line`
});

/** Industrial districts: translucent areas coloured by sector, outlined in the same colour. */
export function districtLayers(
	source: string,
	theme: Theme,
	options: { opacity?: number } = {}
): LayerSpecification[] {
	const ids = districtLayerIds(source);
	const opacity = options.opacity ?? 1;
	const color = [
		'match',
		['get', 'sector'],
		...Object.entries(theme.districtColors).flat(),
		theme.districtColors.mechanics
	] as unknown as ExpressionSpecification;
	return [
		{
			id: ids.fill,
			type: 'fill',
			source,
			paint: {
				// The outline layer above draws the edges: no antialiasing pass (a second draw of every
				// edge, and a shader program of its own).
				'fill-antialias': false,
				'fill-color': color,
				'fill-opacity': 0.35 * opacity
			}
		},
		{
			id: ids.line,
			type: 'line',
			source,
			paint: { 'line-color': color, 'line-width': 2.5, 'line-opacity': opacity }
		}
	];
}
