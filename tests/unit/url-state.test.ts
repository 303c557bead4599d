import { describe, expect, it } from 'vitest';
import { decodeMapState, encodeMapState } from '../../src/lib/map/url-state.ts';

describe('map URL state', () => {
	it('round-trips centre, zoom and selected municipality', () => {
		const state = {
			center: [10.50123, 43.84321] as [number, number],
			zoom: 11.25,
			municipality: '046007'
		};
		expect(decodeMapState(encodeMapState(state))).toEqual(state);
	});
	it('round-trips visible layers in order and the indicator', () => {
		const state = { layers: ['broadband', 'districts'], indicator: 'addresses_ftth' };
		expect(decodeMapState(encodeMapState(state))).toEqual(state);
	});
	it('round-trips how interventions are coloured', () => {
		const state = { layers: ['interventions'], colour: 'progress' };
		expect(encodeMapState(state).get('colour')).toBe('progress');
		expect(decodeMapState(encodeMapState(state))).toEqual(state);
		expect(decodeMapState(new URLSearchParams('colour=<b>'))).toEqual({});
	});
	it('round-trips layer filters as repeated filter parameters', () => {
		const state = {
			layers: ['bottlenecks'],
			filters: { bottlenecks: { type: ['road'], severity: ['unassessed'] } }
		};
		const params = encodeMapState(state);
		expect(params.getAll('filter')).toEqual([
			'bottlenecks.type:road',
			'bottlenecks.severity:unassessed'
		]);
		expect(decodeMapState(params)).toEqual(state);
	});
	it('round-trips the side panel folded to a rail, and nothing else for it', () => {
		expect(encodeMapState({ panel: 'folded' }).get('panel')).toBe('folded');
		expect(decodeMapState(encodeMapState({ panel: 'folded', zoom: 9 }))).toEqual({
			panel: 'folded',
			zoom: 9
		});
		expect(decodeMapState(new URLSearchParams('panel=open'))).toEqual({});
		expect(encodeMapState({}, new URLSearchParams('panel=folded')).get('panel')).toBeNull();
	});
	it('drops malformed layer ids and duplicates', () => {
		expect(
			decodeMapState(new URLSearchParams('layers=broadband,<x>,broadband,,Districts'))
		).toEqual({ layers: ['broadband'] });
	});
	it('keeps unrelated parameters', () => {
		const params = encodeMapState({ zoom: 9 }, new URLSearchParams('lang=en&comune=046017'));
		expect(params.get('lang')).toBe('en');
		expect(params.get('comune')).toBeNull();
		expect(params.get('z')).toBe('9.00');
	});
	it('ignores malformed and out-of-range values', () => {
		expect(decodeMapState(new URLSearchParams('lat=95&lon=10&z=abc&comune=46007'))).toEqual({});
		expect(decodeMapState(new URLSearchParams('lat=&lon=&z='))).toEqual({});
	});
	it('needs both lat and lon for a centre', () => {
		expect(decodeMapState(new URLSearchParams('lat=43.8&z=10'))).toEqual({ zoom: 10 });
	});
});
