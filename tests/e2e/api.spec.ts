import { expect, test } from '@playwright/test';

test('GET /api/v1/municipalities is a GeoJSON FeatureCollection of the 33 municipalities', async ({
	request
}) => {
	const response = await request.get('/api/v1/municipalities');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toContain('application/geo+json');
	const body = await response.json();
	expect(body.type).toBe('FeatureCollection');
	expect(body.features).toHaveLength(33);
	for (const feature of body.features) {
		expect(feature.geometry.type).toBe('MultiPolygon');
		expect(feature.properties.istat).toMatch(/^046\d{3}$/);
		expect(feature.properties.area_km2).toBeGreaterThan(0);
		expect(['number', 'object']).toContain(typeof feature.properties.population);
		expect(feature.properties).toHaveProperty('population_year');
		expect(feature.properties).toHaveProperty('name');
	}
});

test('GET /api/v1/municipalities/{istat} answers a profile, 404 for unknown and 400 for malformed codes', async ({
	request
}) => {
	const ok = await request.get('/api/v1/municipalities/046017');
	expect(ok.status()).toBe(200);
	expect((await ok.json()).name).toBe('Lucca');

	const unknown = await request.get('/api/v1/municipalities/046999');
	expect(unknown.status()).toBe(404);
	expect(await unknown.json()).toEqual({
		error: {
			code: 'municipality_not_found',
			message: 'Nessun comune della provincia ha il codice ISTAT 046999.'
		}
	});

	const malformed = await request.get('/api/v1/municipalities/46007?lang=en');
	expect(malformed.status()).toBe(400);
	const error = (await malformed.json()).error;
	expect(error.code).toBe('invalid_istat_code');
	expect(error.message).toBe('ISTAT code “46007” is not valid: it takes 6 digits, e.g. 046007.');
});

test('unknown API paths answer JSON 404 without stack traces', async ({ request }) => {
	const response = await request.get('/api/v1/nothing-here');
	expect(response.status()).toBe(404);
	const body = await response.json();
	expect(body.error.code).toBe('not_found');
	expect(JSON.stringify(body)).not.toMatch(/at .*\.(js|ts):\d+/);
});

test('?lang=en is remembered for the next pages; an unknown language falls back to Italian', async ({
	request
}) => {
	const english = await request.get('/comuni/046017?lang=en');
	expect(await english.text()).toContain('<html lang="en">');
	expect(await (await request.get('/comuni/046017')).text()).toContain('<html lang="en">');
	const unknown = await request.get('/comuni/046017?lang=fr', { headers: { cookie: '' } });
	expect(unknown.status()).toBe(200);
	await request.get('/?lang=it');
	expect(await (await request.get('/comuni/046017')).text()).toContain('<html lang="it">');
});
