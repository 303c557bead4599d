import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { renderAsync } from '@resvg/resvg-js';
import type { EmbedView } from '../embed.ts';
import { viewLabel } from '../embed.ts';
import type { Lang } from '../i18n/index.ts';
import { translate } from '../i18n/index.ts';
import { buildStaticMapSvg, STATIC_MAP_FONT } from '../map/static-map.ts';
import { visibleBbox } from '../map/static-map-layout.ts';
import { attributionOf, boundaryAttribution } from '../map/thematic.ts';
import { lightTheme } from '../map/theme.ts';
import { isNationalLayer } from '../types.ts';
import type { Atlas } from './atlas.ts';
import { WorkGate } from './db/work-gate.ts';

/**
 * resvg reads TrueType/OpenType files (a WOFF loads without error and draws no text): Noto Sans,
 * the browser map's label font, from its TrueType package (OFL), and no system font, so the image
 * is the same on every machine.
 */
const FONT_FILES = ['400Regular/NotoSans_400Regular.ttf', '700Bold/NotoSans_700Bold.ttf'].map(
	(file) => createRequire(import.meta.url).resolve(`@expo-google-fonts/noto-sans/${file}`)
);

/** A PNG of an SVG, with the atlas's font and no system font (the same image on every machine). */
export async function rasterise(svg: string): Promise<Uint8Array> {
	const image = await renderAsync(svg, {
		font: {
			loadSystemFonts: false,
			fontFiles: FONT_FILES,
			defaultFontFamily: STATIC_MAP_FONT,
			sansSerifFamily: STATIC_MAP_FONT
		},
		shapeRendering: 2,
		logLevel: 'off'
	});
	return image.asPng();
}

/** The SVG of a view, from the atlas's data (the layers of a view that parseView accepted). */
export async function staticMapSvg(
	atlas: Atlas,
	view: EmbedView,
	options: { width: number; height: number; lang: Lang }
): Promise<string> {
	const [municipalities, facts, land, province, catalogue, sources, ambiti] = await Promise.all([
		atlas.listMunicipalities(),
		atlas.listMunicipalityFacts(),
		atlas.getBasemapLand(),
		atlas.getProvince(),
		atlas.listLayers(),
		atlas.listSources(),
		atlas.listAmbiti()
	]);
	if (!province) throw new Error('The atlas has no municipalities');
	const selected = facts.find((m) => m.istat === view.comune);
	// National layers are tiles in the browser: here only what the image shows is read.
	const frame = visibleBbox(
		{ provinceBbox: province.bbox, selected },
		options.width,
		options.height,
		view.layers.length > 0
	);
	const layers = await Promise.all(
		view.layers.map(async (id) => {
			const info = catalogue.find((l) => l.id === id)!;
			const collection = await atlas.getLayerFeatures(
				id,
				isNationalLayer(id) ? { bbox: frame } : {}
			);
			return { info, collection: collection! };
		})
	);
	const attribution = [
		boundaryAttribution(sources, options.lang),
		...layers.map(({ info }) => attributionOf(info, options.lang)),
		translate(options.lang, 'map.offlineBasemap')
	]
		.filter(Boolean)
		.join(' · ');
	return buildStaticMapSvg({
		...options,
		theme: lightTheme,
		land: land as never,
		municipalities: municipalities as never,
		provinceBbox: province.bbox,
		selected: selected && {
			istat: selected.istat,
			name: selected.name,
			bbox: selected.bbox,
			labelPoint: selected.label_point
		},
		layers: layers as never,
		title: viewLabel(
			view,
			{
				municipality: selected?.name,
				layers: Object.fromEntries(catalogue.map((l) => [l.id, l.title[options.lang]]))
			},
			options.lang
		),
		attribution,
		ambitoNames: Object.fromEntries(ambiti.map((a) => [String(a.code), a.name[options.lang]]))
	});
}

/**
 * A PNG takes 0.1–2 s of CPU, and every new size or view is a new one: this many at once per
 * process, a few waiting, and the rest answered 503 with Retry-After rather than starving the
 * atlas's other readers.
 */
const renderGate = new WorkGate({
	concurrency: Math.max(1, availableParallelism() - 1),
	maxQueue: 4,
	maxWaitMs: 10_000
});

/** The PNG of a view, drawn when the process has room for it (else OverloadedError). */
export function renderStaticMap(
	atlas: Atlas,
	view: EmbedView,
	options: { width: number; height: number; lang: Lang }
): Promise<Uint8Array> {
	return renderGate.run(async () => rasterise(await staticMapSvg(atlas, view, options)));
}
