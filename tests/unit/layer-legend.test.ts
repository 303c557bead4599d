import { describe, expect, it } from 'vitest';
import { interventionLayers } from '../../src/lib/map/layers/interventions.ts';
import { layerLegend } from '../../src/lib/map/layer-legend.ts';
import { bottleneckLayers } from '../../src/lib/map/layers/bottlenecks.ts';
import { districtLayers } from '../../src/lib/map/layers/districts.ts';
import { pointLayers } from '../../src/lib/map/layers/points.ts';
import { lightTheme } from '../../src/lib/map/theme.ts';

const point = { type: 'Point' };
const line = { type: 'LineString' };
const area = { type: 'MultiPolygon' };

describe('layerLegend', () => {
	it('has a row for each kind of bottleneck feature present, and none for absent ones', () => {
		const rows = layerLegend(
			'bottlenecks',
			[
				{ properties: { kind: 'rail-line' }, geometry: line },
				{ properties: { kind: 'bottleneck', precision: 'schematic' }, geometry: line },
				{ properties: { kind: 'bottleneck', estimated: true }, geometry: point }
			],
			lightTheme
		);
		expect(rows.map((r) => [r.symbol, r.label])).toEqual([
			['line', 'legend.railLine'],
			['line-masked', 'legend.bottleneckSchematic'],
			['point-hollow', 'legend.bottleneckEstimated']
		]);
	});
	it('lists district sectors present in the data, in the colours the map paints', () => {
		const rows = layerLegend(
			'districts',
			[
				{ properties: { sector: 'stone' }, geometry: area },
				{ properties: { sector: 'paper' }, geometry: area }
			],
			lightTheme
		);
		expect(rows.map((r) => [r.params?.sector, r.color])).toEqual([
			['paper', lightTheme.districtColors.paper],
			['stone', lightTheme.districtColors.stone]
		]);
	});
	it('by progress, lists the progress values present, late first, in the colours the map paints', () => {
		const rows = layerLegend(
			'interventions',
			[
				{ properties: { progress: 'on_time', primary_ambito: 1 }, geometry: point },
				{ properties: { progress: 'late', primary_ambito: 1 }, geometry: point },
				{ properties: { primary_ambito: 2 }, geometry: point }
			],
			lightTheme,
			{ interventionColour: 'progress' }
		);
		expect(rows.map((r) => [r.label, r.color])).toEqual([
			['monitoring.progress.late', lightTheme.progressColors.late],
			['monitoring.progress.on_time', lightTheme.progressColors.on_time],
			['monitoring.progress.not_monitored', lightTheme.progressColors.not_monitored]
		]);
		const drawn = JSON.stringify(interventionLayers('s', lightTheme, { colourBy: 'progress' }));
		for (const row of rows) expect(drawn, row.label).toContain(row.color);
	});
	it('uses only colours the layer styles draw with', () => {
		const cases = [
			{
				rows: layerLegend(
					'bottlenecks',
					[
						{ properties: { kind: 'rail-line' }, geometry: line },
						{ properties: { kind: 'station' }, geometry: point },
						{ properties: { kind: 'bottleneck', precision: 'surveyed' }, geometry: point }
					],
					lightTheme
				),
				styles: bottleneckLayers('s', lightTheme)
			},
			{
				rows: layerLegend(
					'districts',
					[{ properties: { sector: 'nautical' }, geometry: area }],
					lightTheme
				),
				styles: districtLayers('s', lightTheme)
			},
			{
				rows: layerLegend(
					'puccini',
					[
						{ properties: { estimated: true }, geometry: point },
						{ properties: {}, geometry: line }
					],
					lightTheme
				),
				styles: pointLayers('s', lightTheme, {
					color: lightTheme.layerColors.puccini,
					shape: 'star'
				})
			}
		];
		for (const { rows, styles } of cases) {
			const drawn = JSON.stringify(styles);
			expect(rows.length).toBeGreaterThan(0);
			for (const row of rows) expect(drawn, row.label).toContain(row.color);
		}
	});
});
