import { isLang, translate, type Lang } from './i18n/index.ts';

/**
 * A view of the atlas that can be embedded, shared as an image or described by oEmbed: the
 * selected municipality and the thematic layers shown (bottom first). The same three parameters
 * (`comune`, `layers`, `lang`) mean the same thing on `/`, `/embed` and `/api/v1/static-map`.
 */
export interface EmbedView {
	comune?: string;
	layers: string[];
}

/** The frame sizes the embed dialog offers (pixels; `wide` fills the host page's column). */
export const EMBED_SIZES = {
	small: { width: 400, height: 300 },
	medium: { width: 640, height: 480 },
	large: { width: 800, height: 600 },
	wide: { width: '100%', height: 480 }
} as const;
export type EmbedSize = keyof typeof EMBED_SIZES;

/** The static map's size limits and default (1200 × 630 is the size social sites preview). */
export const STATIC_MAP_LIMITS = { minWidth: 200, maxWidth: 1600, minHeight: 150, maxHeight: 1200 };
export const STATIC_MAP_DEFAULT = { width: 1200, height: 630 };

function viewQuery(view: EmbedView, lang?: Lang): URLSearchParams {
	const query = new URLSearchParams();
	if (view.comune) query.set('comune', view.comune);
	if (view.layers.length) query.set('layers', view.layers.join(','));
	if (lang) query.set('lang', lang);
	return query;
}

const withQuery = (base: string, query: URLSearchParams) =>
	query.size ? `${base}?${query}` : base;

/** The embeddable page of a view. */
export const embedUrl = (origin: string, view: EmbedView, lang: Lang) =>
	withQuery(`${origin}/embed`, viewQuery(view, lang));

/** The same view on the full atlas. */
export const atlasUrl = (origin: string, view: EmbedView, lang?: Lang) =>
	withQuery(`${origin}/`, viewQuery(view, lang));

/** The view as a PNG. */
export function staticMapUrl(
	origin: string,
	view: EmbedView,
	options: { lang: Lang; width?: number; height?: number }
): string {
	const query = viewQuery(view, options.lang);
	if (options.width) query.set('width', String(options.width));
	if (options.height) query.set('height', String(options.height));
	return withQuery(`${origin}/api/v1/static-map`, query);
}

/** The oEmbed description of a page of the atlas. */
export const oembedUrl = (origin: string, pageUrl: string) =>
	`${origin}/api/v1/oembed?${new URLSearchParams({ url: pageUrl, format: 'json' })}`;

const escapeAttribute = (value: string) =>
	value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The `<iframe>` a site pastes to show a view. */
export function embedSnippet(options: {
	src: string;
	title: string;
	width: number | string;
	height: number;
}): string {
	return (
		`<iframe src="${escapeAttribute(options.src)}" title="${escapeAttribute(options.title)}" ` +
		`width="${options.width}" height="${options.height}" style="border:0" loading="lazy" ` +
		`allowfullscreen></iframe>`
	);
}

/** A view in words: "Lucca · Banda ultralarga, Poli tecnologici", or the province alone. */
export function viewLabel(
	view: EmbedView,
	names: { municipality?: string; layers: Record<string, string> },
	lang: Lang
): string {
	const place = names.municipality ?? translate(lang, 'embed.province');
	const layers = view.layers.map((id) => names.layers[id] ?? id);
	return layers.length ? `${place} · ${layers.join(', ')}` : place;
}

export type ViewParseResult =
	{ ok: true; view: EmbedView; lang: Lang | null } | { ok: false; message: (lang: Lang) => string };

/**
 * Reads `comune`, `layers` and `lang` strictly: a municipality or layer the atlas does not have,
 * or a language it does not speak, is an error (a page that silently showed something else would
 * mislead the site embedding it). `lang` is null when not given.
 */
export function parseView(
	params: URLSearchParams,
	known: { municipalities: string[]; layers: string[] }
): ViewParseResult {
	const lang = params.get('lang');
	// The language asked for is not known: said in both.
	if (lang !== null && !isLang(lang))
		return {
			ok: false,
			message: (l) =>
				[l, l === 'it' ? 'en' : 'it']
					.map((each) => translate(each as Lang, 'embed.error.badLang', { lang }))
					.join(' — ')
		};
	const comune = params.get('comune') ?? '';
	if (comune !== '' && !known.municipalities.includes(comune))
		return {
			ok: false,
			message: (l) => translate(l, 'embed.error.unknownComune', { code: comune })
		};
	const layers = [...new Set((params.get('layers') ?? '').split(',').filter(Boolean))];
	const unknown = layers.find((id) => !known.layers.includes(id));
	if (unknown !== undefined)
		return {
			ok: false,
			message: (l) =>
				translate(l, 'embed.error.unknownLayer', {
					id: unknown,
					available: known.layers.join(', ')
				})
		};
	return { ok: true, view: { comune: comune || undefined, layers }, lang };
}
