import { json } from '@sveltejs/kit';
import {
	EMBED_SIZES,
	embedSnippet,
	embedUrl,
	parseView,
	STATIC_MAP_DEFAULT,
	STATIC_MAP_LIMITS,
	staticMapUrl,
	viewLabel,
	type EmbedView
} from '#lib/embed.ts';
import { isLang, translate, type Lang } from '#lib/i18n/index.ts';
import { apiError } from '#lib/server/api.ts';
import { getAtlas } from '#lib/server/atlas.ts';
import { PUBLIC_DATA } from '#lib/server/serving.ts';
import type { RequestHandler } from './$types';

const MAX_PIXELS = 4000;

/** The view a page of this atlas shows (the atlas, its embed, a comune page), or null. */
function viewOfPage(
	address: URL,
	known: { municipalities: string[]; layers: string[] }
): { view: EmbedView; lang: Lang | null } | null {
	const comunePage = /^\/comuni\/(\d{6})$/.exec(address.pathname);
	if (comunePage) {
		if (!known.municipalities.includes(comunePage[1])) return null;
		const lang = address.searchParams.get('lang');
		return { view: { comune: comunePage[1], layers: [] }, lang: isLang(lang) ? lang : null };
	}
	if (address.pathname !== '/' && address.pathname !== '/embed') return null;
	const parsed = parseView(address.searchParams, known);
	return parsed.ok ? { view: parsed.view, lang: parsed.lang } : null;
}

/**
 * oEmbed 1.0 (https://oembed.com): a consumer given the address of a view of the atlas gets the
 * iframe to show it ("rich"), sized within maxwidth × maxheight, and the view's static image.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const lang = locals.lang;
	const format = url.searchParams.get('format') ?? 'json';
	// The spec's answer to a format the provider does not serve (XML here).
	if (format !== 'json')
		return apiError(
			501,
			'format_not_implemented',
			translate(lang, 'oembed.formatNotImplemented', { format })
		);
	const limits: Record<'maxwidth' | 'maxheight', number> = {
		maxwidth: MAX_PIXELS,
		maxheight: MAX_PIXELS
	};
	for (const param of ['maxwidth', 'maxheight'] as const) {
		const value = url.searchParams.get(param);
		if (value === null) continue;
		if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > MAX_PIXELS)
			return apiError(
				400,
				'invalid_size',
				translate(lang, 'oembed.badSize', { param, min: 1, max: MAX_PIXELS })
			);
		limits[param] = Number(value);
	}
	const asked = url.searchParams.get('url');
	if (!asked) return apiError(400, 'missing_url', translate(lang, 'oembed.missingUrl'));
	const atlas = await getAtlas();
	const [facts, layers] = await Promise.all([atlas.listMunicipalityFacts(), atlas.listLayers()]);
	let address: URL | null = null;
	try {
		address = new URL(asked);
	} catch {
		address = null;
	}
	const found =
		address && address.origin === locals.origin
			? viewOfPage(address, {
					municipalities: facts.map((m) => m.istat),
					layers: layers.map((l) => l.id)
				})
			: null;
	if (!found)
		return apiError(404, 'not_found', translate(lang, 'oembed.unknownUrl', { url: asked }));
	const viewLang = found.lang ?? lang;
	const label = viewLabel(
		found.view,
		{
			municipality: facts.find((m) => m.istat === found.view.comune)?.name,
			layers: Object.fromEntries(layers.map((l) => [l.id, l.title[viewLang]]))
		},
		viewLang
	);
	const width = Math.min(EMBED_SIZES.medium.width, limits.maxwidth);
	const height = Math.min(EMBED_SIZES.medium.height, limits.maxheight);
	// The image keeps its social-preview shape, scaled down to the consumer's limits (not below
	// the static map's smallest size).
	const scale = Math.min(
		1,
		limits.maxwidth / STATIC_MAP_DEFAULT.width,
		limits.maxheight / STATIC_MAP_DEFAULT.height
	);
	const thumbnail = {
		width: Math.max(STATIC_MAP_LIMITS.minWidth, Math.round(STATIC_MAP_DEFAULT.width * scale)),
		height: Math.max(STATIC_MAP_LIMITS.minHeight, Math.round(STATIC_MAP_DEFAULT.height * scale))
	};
	const title = `${label} · ${translate(viewLang, 'app.title')}`;
	return json(
		{
			version: '1.0',
			type: 'rich',
			provider_name: translate(viewLang, 'app.title'),
			provider_url: `${locals.origin}/`,
			title,
			html: embedSnippet({
				src: embedUrl(locals.origin, found.view, viewLang),
				title: translate(viewLang, 'embed.frameTitle', { view: label }),
				width,
				height
			}),
			width,
			height,
			thumbnail_url: staticMapUrl(locals.origin, found.view, { lang: viewLang, ...thumbnail }),
			thumbnail_width: thumbnail.width,
			thumbnail_height: thumbnail.height
		},
		{ headers: PUBLIC_DATA }
	);
};
