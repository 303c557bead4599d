import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { renderAsync } from '@resvg/resvg-js';
// Inlined into the server bundle: the image's text never depends on the machine's fonts.
import notoRegular from '@fontsource/noto-sans/files/noto-sans-latin-400-normal.woff?inline';
import notoBold from '@fontsource/noto-sans/files/noto-sans-latin-700-normal.woff?inline';
import type { EmbedView } from '../embed.ts';
import { viewLabel } from '../embed.ts';
import type { Lang } from '../i18n/index.ts';
import { translate } from '../i18n/index.ts';
import { buildStaticMapSvg, STATIC_MAP_FONT } from '../map/static-map.ts';
import { visibleBbox } from '../map/static-map-layout.ts';
import { attributionOf } from '../map/thematic.ts';
import { lightTheme } from '../map/theme.ts';
import { isNationalLayer } from '../types.ts';
import type { Atlas } from './atlas.ts';

/**
 * WOFF 1.0 to the TrueType/OpenType font it wraps: resvg reads only the latter (a WOFF loads
 * without error and draws no text), and @fontsource ships only WOFF and WOFF2. Each table of a
 * WOFF is the font's table, zlib-compressed when that made it smaller (W3C WOFF 1.0, section 5).
 */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
	const input = Buffer.from(woff);
	if (input.readUInt32BE(0) !== 0x774f4646) throw new Error('Not a WOFF 1.0 font');
	const flavor = input.readUInt32BE(4);
	const count = input.readUInt16BE(12);
	const tables = Array.from({ length: count }, (_, i) => {
		const at = 44 + i * 20;
		const offset = input.readUInt32BE(at + 4);
		const compressed = input.readUInt32BE(at + 8);
		const original = input.readUInt32BE(at + 12);
		const raw = input.subarray(offset, offset + compressed);
		return {
			tag: input.readUInt32BE(at),
			checksum: input.readUInt32BE(at + 16),
			data: compressed < original ? inflateSync(raw) : raw
		};
	});
	const padded = (n: number) => (n + 3) & ~3;
	const headerBytes = 12 + 16 * count;
	const output = Buffer.alloc(
		headerBytes + tables.reduce((sum, table) => sum + padded(table.data.length), 0)
	);
	// The sfnt header's binary-search fields, from the table count.
	const entrySelector = Math.floor(Math.log2(count));
	const searchRange = 2 ** entrySelector * 16;
	output.writeUInt32BE(flavor, 0);
	output.writeUInt16BE(count, 4);
	output.writeUInt16BE(searchRange, 6);
	output.writeUInt16BE(entrySelector, 8);
	output.writeUInt16BE(count * 16 - searchRange, 10);
	let offset = headerBytes;
	tables.forEach((table, i) => {
		const at = 12 + i * 16;
		output.writeUInt32BE(table.tag, at);
		output.writeUInt32BE(table.checksum, at + 4);
		output.writeUInt32BE(offset, at + 8);
		output.writeUInt32BE(table.data.length, at + 12);
		table.data.copy(output, offset);
		offset += padded(table.data.length);
	});
	return output;
}

const bytesOfDataUrl = (url: string) => Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');

let fontFiles: string[] | undefined;

/** resvg loads fonts from files: the two faces, unwrapped once per process into the temp dir. */
function staticMapFonts(): string[] {
	if (fontFiles) return fontFiles;
	fontFiles = [notoRegular, notoBold].map((dataUrl) => {
		const font = woffToSfnt(bytesOfDataUrl(dataUrl));
		const hash = createHash('sha256').update(font).digest('hex').slice(0, 16);
		const file = path.join(tmpdir(), `atlante-lucca-noto-sans-${hash}.ttf`);
		if (!existsSync(file)) writeFileSync(file, font);
		return file;
	});
	return fontFiles;
}

/** A PNG of an SVG, with the atlas's font and no system font (the same image on every machine). */
export async function rasterise(svg: string): Promise<Uint8Array> {
	const image = await renderAsync(svg, {
		font: {
			loadSystemFonts: false,
			fontFiles: staticMapFonts(),
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
		...new Set(
			sources
				.filter((s) => s.id === 'municipal-boundaries' || s.id === 'population-2021')
				.map((s) => s.attribution)
		),
		...layers.map(({ info }) =>
			info.id === 'broadband' ? 'Fonte: AGCOM - Broadband Map' : attributionOf(info)
		),
		translate(options.lang, 'map.offlineBasemap')
	].join(' · ');
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
