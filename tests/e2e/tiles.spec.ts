import { VectorTile } from '@mapbox/vector-tile';
import { expect, test } from '@playwright/test';
import { PbfReader } from 'pbf';

// Lucca's walls at zoom 12, and a tile off Corsica with nothing of the province in it.
const LUCCA_Z12 = '12/2167/1491';
const EMPTY_Z10 = '10/539/376';

test('a tile is a vector tile of the layer, with an ETag; an unchanged tile is a bodiless 304', async ({
	request
}) => {
	const url = `/api/v1/tiles/municipalities/${LUCCA_Z12}.mvt`;
	const first = await request.get(url, { headers: { 'accept-encoding': 'identity' } });
	expect(first.status()).toBe(200);
	expect(first.headers()['content-type']).toBe('application/vnd.mapbox-vector-tile');
	expect(first.headers()['cache-control']).toBe('public, no-cache');
	const etag = first.headers()['etag'];
	expect(etag).toMatch(/^"[\w-]+"$/);
	const layer = new VectorTile(new PbfReader(new Uint8Array(await first.body()))).layers
		.municipalities;
	const names = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.name);
	expect(names).toContain('Lucca');
	const lucca = Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find(
		(f) => f.properties.istat === '046017'
	);
	expect(lucca?.id).toBe(46017);

	const again = await request.get(url, {
		headers: { 'accept-encoding': 'identity', 'if-none-match': etag }
	});
	expect(again.status()).toBe(304);
	expect((await again.body()).byteLength).toBe(0);
	// Another tile is another representation, with its own tag.
	const other = await request.get('/api/v1/tiles/municipalities/8/135/92.mvt', {
		headers: { 'accept-encoding': 'identity', 'if-none-match': etag }
	});
	expect(other.status()).toBe(200);
	expect(other.headers()['etag']).not.toBe(etag);
});

test('a large tile comes compressed', async ({ request }) => {
	const tile = await request.get('/api/v1/tiles/municipalities/8/135/92.mvt', {
		headers: { 'accept-encoding': 'br, gzip' }
	});
	expect(tile.status()).toBe(200);
	expect(tile.headers()['content-encoding']).toBe('br');
});

test('a tile with no feature is an empty 200', async ({ request }) => {
	const empty = await request.get(`/api/v1/tiles/districts/${EMPTY_Z10}.mvt`);
	expect(empty.status()).toBe(200);
	expect(empty.headers()['content-type']).toBe('application/vnd.mapbox-vector-tile');
	expect((await empty.body()).byteLength).toBe(0);
});

test('what is not a tile is refused in the reader’s language, an unknown layer is a 404', async ({
	request
}) => {
	for (const tile of ['17/0/0', '4/16/0', '4/0/16', '-1/0/0', 'a/0/0', '4/1.5/0']) {
		const refused = await request.get(`/api/v1/tiles/municipalities/${tile}.mvt`);
		expect(refused.status(), tile).toBe(400);
		expect(refused.headers()['cache-control']).toBe('no-store');
		const { error } = await refused.json();
		expect(error.code).toBe('invalid_tile');
		expect(error.message).toContain(`Tessera «${tile}» non valida`);
	}
	const english = await request.get('/api/v1/tiles/municipalities/17/0/0.mvt?lang=en');
	expect((await english.json()).error.message).toContain('Tile “17/0/0” is not valid');

	for (const layer of ['nowhere', 'observations', 'interventions']) {
		const unknown = await request.get(`/api/v1/tiles/${layer}/1/0/0.mvt`);
		expect(unknown.status(), layer).toBe(404);
		const { error } = await unknown.json();
		expect(error.code).toBe('layer_not_found');
		expect(error.message).toContain('municipalities, broadband, bottlenecks');
	}
});
