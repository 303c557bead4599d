import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
	atlasUrl,
	embedSnippet,
	embedUrl,
	oembedUrl,
	parseView,
	staticMapUrl,
	viewLabel
} from '#lib/embed.ts';
import { fittingFontSize, visibleBbox } from '#lib/map/static-map-layout.ts';
import { readConfig } from '#lib/server/config.ts';
import { parseCsp, securityHeaders } from '#lib/server/security-headers.ts';
import { rasterise } from '#lib/server/static-map.ts';

const KNOWN = { municipalities: ['046017', '046007'], layers: ['broadband', 'districts'] };
const params = (query: string) => new URLSearchParams(query);

describe('parseView', () => {
	it('reads a municipality, layers (deduplicated, in order) and a language', () => {
		expect(
			parseView(params('comune=046017&layers=districts,broadband,districts&lang=en'), KNOWN)
		).toEqual({
			ok: true,
			view: { comune: '046017', layers: ['districts', 'broadband'] },
			lang: 'en'
		});
		expect(parseView(params(''), KNOWN)).toEqual({ ok: true, view: { layers: [] }, lang: null });
	});

	it('refuses an unknown municipality, layer or language, in the reader’s language', () => {
		const comune = parseView(params('comune=999999'), KNOWN);
		expect(comune.ok).toBe(false);
		if (!comune.ok) {
			expect(comune.message('it')).toContain('"999999"');
			expect(comune.message('en')).toMatch(/^No municipality/);
		}
		const layer = parseView(params('layers=broadband,roads'), KNOWN);
		if (layer.ok) throw new Error('accepted an unknown layer');
		expect(layer.message('en')).toBe('No layer "roads". The layers are: broadband, districts.');
		const lang = parseView(params('lang=fr'), KNOWN);
		if (lang.ok) throw new Error('accepted an unknown language');
		// Said in both languages: the one asked for is neither.
		expect(lang.message('it')).toContain('Lingua "fr"');
		expect(lang.message('it')).toContain('Language "fr"');
	});
});

describe('embed addresses and code', () => {
	const view = { comune: '046017', layers: ['broadband', 'districts'] };
	it('builds the embed, atlas, image and oEmbed addresses with the same parameters', () => {
		const origin = 'https://atlante.example';
		expect(embedUrl(origin, view, 'en')).toBe(
			'https://atlante.example/embed?comune=046017&layers=broadband%2Cdistricts&lang=en'
		);
		expect(atlasUrl(origin, { layers: [] })).toBe('https://atlante.example/');
		expect(staticMapUrl(origin, view, { lang: 'it', width: 600, height: 400 })).toBe(
			'https://atlante.example/api/v1/static-map?comune=046017&layers=broadband%2Cdistricts&lang=it&width=600&height=400'
		);
		const oembed = new URL(oembedUrl(origin, atlasUrl(origin, view)));
		expect(oembed.pathname).toBe('/api/v1/oembed');
		expect(oembed.searchParams.get('url')).toBe(
			'https://atlante.example/?comune=046017&layers=broadband%2Cdistricts'
		);
		expect(oembed.searchParams.get('format')).toBe('json');
	});

	it('writes an iframe with its title, size and escaped attributes', () => {
		const code = embedSnippet({
			src: 'https://a.example/embed?comune=046017&lang=it',
			title: 'Mappa "Lucca" <b>',
			width: '100%',
			height: 480
		});
		expect(code).toBe(
			'<iframe src="https://a.example/embed?comune=046017&amp;lang=it" title="Mappa &quot;Lucca&quot; &lt;b>" width="100%" height="480" style="border:0" loading="lazy" allowfullscreen></iframe>'
		);
	});

	it('says the view in words', () => {
		const names = { municipality: 'Lucca', layers: { broadband: 'Banda', districts: 'Distretti' } };
		expect(viewLabel(view, names, 'it')).toBe('Lucca · Banda, Distretti');
		expect(viewLabel({ layers: [] }, { layers: {} }, 'en')).toBe('Province of Lucca');
	});
});

describe('framing', () => {
	const options = readConfig({});
	it('lets any site frame /embed, without X-Frame-Options', () => {
		const headers = securityHeaders(options, null, '/embed');
		expect(parseCsp(headers['content-security-policy'])['frame-ancestors']).toEqual(['*']);
		expect(headers).not.toHaveProperty('x-frame-options');
	});

	it('keeps every other page unframeable', () => {
		for (const path of ['/', '/comuni/046017', '/embed/', '/embedded', '/api/v1/oembed', '']) {
			const headers = securityHeaders(options, null, path);
			expect(parseCsp(headers['content-security-policy'])['frame-ancestors']).toEqual(["'none'"]);
			expect(headers['x-frame-options']).toBe('DENY');
		}
	});
});

describe('the static map’s helpers', () => {
	it('draws text with the bundled font and no system font', async () => {
		const ink = async (family: string) => {
			const png = PNG.sync.read(
				Buffer.from(
					await rasterise(
						`<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#fff"/><text x="5" y="28" font-family="${family}" font-size="24" fill="#000">Lucca</text></svg>`
					)
				)
			);
			let dark = 0;
			for (let i = 0; i < png.data.length; i += 4) if (png.data[i] < 128) dark++;
			return dark;
		};
		expect(await ink('Noto Sans')).toBeGreaterThan(100);
		// A family the renderer lacks falls back to Noto Sans too, never to nothing.
		expect(await ink('sans-serif')).toBeGreaterThan(100);
	});

	it('shrinks a long text to fit, never below 7 px', () => {
		expect(fittingFontSize('Lucca', 500, 20)).toBe(20);
		expect(fittingFontSize('x'.repeat(100), 600, 20)).toBe(10.9);
		expect(fittingFontSize('x'.repeat(1000), 100, 20)).toBe(7);
	});

	it('reads the bounds the image shows, which contain the framed bounds', () => {
		const bbox: [number, number, number, number] = [10.2, 43.7, 10.8, 44.2];
		const [west, south, east, north] = visibleBbox({ provinceBbox: bbox }, 1200, 630, true);
		expect(west).toBeLessThanOrEqual(bbox[0]);
		expect(south).toBeLessThanOrEqual(bbox[1]);
		expect(east).toBeGreaterThanOrEqual(bbox[2]);
		expect(north).toBeGreaterThanOrEqual(bbox[3]);
	});
});
