import { describe, expect, it } from 'vitest';
import {
	SHEET_HEIGHTS,
	centreOffset,
	cycleHeight,
	flickSpeed,
	framePadding,
	isFramed,
	settleHeight,
	sheetPixels,
	stepHeight,
	visibleRect,
	visibleShare
} from '../../src/lib/map/sheet.ts';

/** A common phone's screen, and the search bar the page measures on it. */
const PHONE = { width: 390, height: 844, topBar: 64 };

describe('bottom sheet heights', () => {
	it('leaves the map at least 70% of a phone screen at peek, 40% at half', () => {
		for (const [height, least] of [
			['peek', 0.7],
			['half', 0.4]
		] as const) {
			const share = visibleShare(PHONE.width, PHONE.height, {
				top: PHONE.topBar,
				right: 0,
				bottom: sheetPixels(height, PHONE.height, PHONE.topBar),
				left: 0
			});
			expect(share, height).toBeGreaterThanOrEqual(least);
		}
	});
	it('grows from peek to half to full, and full reaches the search bar', () => {
		const px = SHEET_HEIGHTS.map((h) => sheetPixels(h, PHONE.height, PHONE.topBar));
		expect(px[0]).toBeLessThan(px[1]);
		expect(px[1]).toBeLessThan(px[2]);
		expect(px[2]).toBe(PHONE.height - PHONE.topBar);
	});
	it('steps one height at a time and stops at the ends', () => {
		expect(stepHeight('peek', 1)).toBe('half');
		expect(stepHeight('half', 1)).toBe('full');
		expect(stepHeight('full', 1)).toBe('full');
		expect(stepHeight('peek', -1)).toBe('peek');
		expect(stepHeight('full', -1)).toBe('half');
	});
	it("cycles through the heights with the sheet's button", () => {
		expect(cycleHeight('peek')).toBe('half');
		expect(cycleHeight('half')).toBe('full');
		expect(cycleHeight('full')).toBe('peek');
	});
});

describe('settling a dragged sheet', () => {
	const settle = (px: number, velocity = 0) =>
		settleHeight(px, velocity, PHONE.height, PHONE.topBar);
	const px = (h: (typeof SHEET_HEIGHTS)[number]) => sheetPixels(h, PHONE.height, PHONE.topBar);

	it('settles on the nearest height when let go slowly', () => {
		expect(settle(px('peek') + 20)).toBe('peek');
		expect(settle(px('half') - 30)).toBe('half');
		expect(settle(px('full') - 10)).toBe('full');
		expect(settle(0)).toBe('peek');
	});
	it('goes on one height in the direction of a flick', () => {
		expect(settle(px('peek') + 20, 1.2)).toBe('half');
		expect(settle(px('half') + 5, 1.2)).toBe('full');
		expect(settle(px('half') - 5, -1.2)).toBe('peek');
		expect(settle(px('full'), 2)).toBe('full');
	});
});

describe('the speed of a flick', () => {
	it('reads the last moves, upwards positive', () => {
		// 100 px up in 30 ms, lifted a slow frame later.
		const up: [number, number][] = [
			[0, 700],
			[10, 667],
			[20, 633],
			[30, 600]
		];
		expect(flickSpeed(up, 170)).toBeCloseTo(100 / 30, 6);
		const down = up.map(([t, y]) => [t, 1300 - y] as [number, number]);
		expect(flickSpeed(down, 40)).toBeCloseTo(-100 / 30, 6);
	});
	it('forgets moves older than the last tenth of a second', () => {
		const samples: [number, number][] = [
			[0, 800],
			[500, 700],
			[560, 690]
		];
		expect(flickSpeed(samples, 570)).toBeCloseTo(10 / 60, 6);
	});
	it('is none when the finger rested before lifting, or never moved', () => {
		expect(
			flickSpeed(
				[
					[0, 700],
					[30, 600]
				],
				400
			)
		).toBe(0);
		expect(flickSpeed([[0, 700]], 10)).toBe(0);
		expect(flickSpeed([], 10)).toBe(0);
	});
});

describe('the visible part of the map', () => {
	const insets = { top: 64, right: 0, bottom: 380, left: 0 };
	it('is the map less what the panels cover', () => {
		expect(visibleRect(390, 844, insets)).toEqual({ left: 0, top: 64, right: 390, bottom: 464 });
		expect(visibleShare(390, 844, insets)).toBeCloseTo((390 * 400) / (390 * 844), 6);
	});
	it('never turns inside out when the panels cover it all', () => {
		const rect = visibleRect(390, 844, { top: 500, right: 0, bottom: 500, left: 0 });
		expect(rect.bottom).toBe(rect.top);
		expect(visibleShare(390, 844, { top: 500, right: 0, bottom: 500, left: 0 })).toBe(0);
	});
	it('tells a place under the sheet from one in view', () => {
		const visible = visibleRect(390, 844, insets);
		expect(isFramed({ left: 100, top: 100, right: 300, bottom: 300 }, visible)).toBe(true);
		expect(isFramed({ left: 100, top: 300, right: 300, bottom: 600 }, visible)).toBe(false);
		expect(isFramed({ left: 100, top: 40, right: 300, bottom: 300 }, visible)).toBe(false);
	});
	it("puts a place flown to at the visible part's centre", () => {
		// Visible from y = 64 to 464: its centre is 158 px above the map's (422).
		expect(centreOffset(insets)).toEqual([0, -158]);
		expect(centreOffset({ top: 0, right: 352, bottom: 0, left: 336 })).toEqual([-8, 0]);
	});
	it('pads a fit by the panels plus a margin', () => {
		expect(framePadding(insets, 10)).toEqual({ top: 74, right: 10, bottom: 390, left: 10 });
	});
});
