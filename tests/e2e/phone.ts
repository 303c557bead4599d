import { expect, type CDPSession, type Page } from '@playwright/test';

/** A common phone's screen, with touch. */
export const PHONE = {
	viewport: { width: 390, height: 844 },
	hasTouch: true,
	isMobile: true,
	deviceScaleFactor: 1
};

/**
 * The share of the screen where the map is what the reader sees: sampled every few pixels with
 * elementFromPoint, so whatever lies on top (the search bar, the sheet) counts against it, by its
 * real box. The map's own controls (zoom, scale, attribution) count as map, and are also given.
 */
export function mapShare(page: Page): Promise<{ map: number; controls: number }> {
	return page.evaluate(() => {
		const step = 6;
		let map = 0;
		let controls = 0;
		let all = 0;
		for (let y = step / 2; y < window.innerHeight; y += step)
			for (let x = step / 2; x < window.innerWidth; x += step) {
				all++;
				const element = document.elementFromPoint(x, y);
				if (!element?.closest('.map')) continue;
				map++;
				if (element.closest('.maplibregl-control-container')) controls++;
			}
		return { map: map / all, controls: controls / all };
	});
}

/** The part of the screen between the search bar and the sheet. */
export async function visibleMapRect(page: Page) {
	const top = (await page.locator('.top .search').boundingBox())!;
	const sheet = (await page.locator('#atlas-sheet').boundingBox())!;
	return { left: 0, top: top.y + top.height, right: PHONE.viewport.width, bottom: sheet.y };
}

/** Where the sheet rests, once its height transition has ended. */
export async function settledSheet(page: Page, height: 'peek' | 'half' | 'full') {
	await expect(page.locator('.atlas')).toHaveAttribute('data-sheet', height);
	await page.waitForFunction(() =>
		document.getAnimations().every((a) => a.playState !== 'running')
	);
	return (await page.locator('#atlas-sheet').boundingBox())!;
}

type Touch = { x: number; y: number; id?: number };

/** Raw touches through the DevTools protocol: Playwright has taps but no drags or pinches. */
export class Fingers {
	readonly #cdp: CDPSession;

	private constructor(cdp: CDPSession) {
		this.#cdp = cdp;
	}

	static async on(page: Page) {
		return new Fingers(await page.context().newCDPSession(page));
	}

	private send(type: 'touchStart' | 'touchMove' | 'touchEnd', touches: Touch[], timestamp: number) {
		return this.#cdp.send('Input.dispatchTouchEvent', {
			type,
			// Seconds; the page's events carry it, so speeds do not depend on a loaded machine.
			timestamp: timestamp / 1000,
			touchPoints: touches.map((t, i) => ({ x: t.x, y: t.y, id: t.id ?? i }))
		});
	}

	/**
	 * Moves each finger from its start to its end in `steps` moves, `stepMs` apart as the page
	 * sees the events (their timestamps), whatever the time the protocol takes to deliver them.
	 */
	async gesture(paths: { from: Touch; to: Touch }[], steps = 12, stepMs = 16) {
		let clock = Date.now();
		await this.send(
			'touchStart',
			paths.map((p) => p.from),
			clock
		);
		for (let i = 1; i <= steps; i++) {
			clock += stepMs;
			await new Promise((resolve) => setTimeout(resolve, 16));
			await this.send(
				'touchMove',
				paths.map((p) => ({
					x: p.from.x + ((p.to.x - p.from.x) * i) / steps,
					y: p.from.y + ((p.to.y - p.from.y) * i) / steps
				})),
				clock
			);
		}
		await this.send('touchEnd', [], clock + stepMs);
	}

	/** One finger from `from` to `to`: a slow drag by default, a flick with few quick steps. */
	drag(from: Touch, to: Touch, options: { steps?: number; stepMs?: number } = {}) {
		return this.gesture([{ from, to }], options.steps, options.stepMs);
	}
}
