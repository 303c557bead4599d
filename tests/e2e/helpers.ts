import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/** The geodata mirror the server's data was built from (as the build finds it). */
export const MIRROR_DIR = path.resolve(
	import.meta.dirname,
	'../..',
	process.env.GEODATA_MIRROR ?? '../shared/geodata'
);

export const FILL_LAYER = 'municipalities-fill';
export const LABEL_LAYER = 'municipalities-label';

/** Waits until the map has drawn everything in view. */
export async function waitForMapIdle(page: Page) {
	await expect(page.locator('.map[data-status="ready"][data-idle="true"]')).toBeVisible({
		timeout: 30_000
	});
}

/** ISTAT codes of the municipalities actually drawn in a layer (not just present in the DOM). */
export function renderedIstatCodes(page: Page, layer: string): Promise<string[]> {
	return page.evaluate((layerId) => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		const features = map.queryRenderedFeatures({ layers: [layerId] });
		return [...new Set(features.map((f) => String(f.properties.istat)))].sort();
	}, layer);
}

/** Screen position of a longitude/latitude on the map canvas, in page coordinates. */
export async function screenPoint(page: Page, lngLat: [number, number]) {
	const box = (await page.locator('.map canvas').boundingBox())!;
	const point = await page.evaluate((ll) => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		return map.project(ll);
	}, lngLat);
	return { x: box.x + point.x, y: box.y + point.y };
}

/** Both corners of a municipality's bounding box are drawn within `rect` (page coordinates). */
export async function expectMunicipalityWithin(
	page: Page,
	istat: string,
	rect: { left: number; top: number; right: number; bottom: number }
) {
	const response = await page.request.get(`/api/v1/municipalities/${istat}`);
	expect(response.status()).toBe(200);
	const [west, south, east, north] = (await response.json()).bbox as number[];
	for (const corner of [
		[west, south],
		[east, north]
	] as [number, number][]) {
		const p = await screenPoint(page, corner);
		expect(p.x, `${istat} within the map left and right`).toBeGreaterThanOrEqual(rect.left);
		expect(p.x, `${istat} within the map left and right`).toBeLessThanOrEqual(rect.right);
		expect(p.y, `${istat} within the map top and bottom`).toBeGreaterThanOrEqual(rect.top);
		expect(p.y, `${istat} within the map top and bottom`).toBeLessThanOrEqual(rect.bottom);
	}
}

export interface MunicipalityProfile {
	istat: string;
	name: string;
	area_km2: number;
	population: number | null;
	label_point: [number, number];
	neighbours: { istat: string; name: string }[];
}

export async function profileOf(page: Page, istat: string): Promise<MunicipalityProfile> {
	const response = await page.request.get(`/api/v1/municipalities/${istat}`);
	expect(response.status()).toBe(200);
	return response.json();
}

/** Fails the basemap style request the way an offline machine does. */
export async function basemapUnreachable(page: Page) {
	await page.route('https://basemap.invalid/**', (route) => route.abort('namenotresolved'));
}

/** A figure as the Italian interface writes it (1.234,56). */
export function italianNumber(value: number, fractionDigits = 0): string {
	return value.toLocaleString('it-IT', {
		minimumFractionDigits: fractionDigits,
		maximumFractionDigits: fractionDigits,
		useGrouping: 'always'
	});
}

/** Clicks a place on the map and returns the feature panel it opens. */
export async function clickFeature(page: Page, lngLat: [number, number]) {
	const point = await screenPoint(page, lngLat);
	await page.mouse.click(point.x, point.y);
	return page.locator('#feature-panel');
}
