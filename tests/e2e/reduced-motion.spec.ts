import { expect, test, type Page } from '@playwright/test';
import { waitForMapIdle } from './helpers.ts';

/**
 * Chooses a municipality from the picker (by keyboard) and counts the camera's 'move' events until
 * it settles: an animation moves it over many frames, a jump in one.
 */
async function cameraMovesWhenChoosing(page: Page, istat: string) {
	await page.goto('/');
	await waitForMapIdle(page);
	const before = await page.evaluate(() => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		const w = window as unknown as { __moves: number };
		w.__moves = 0;
		map.on('move', () => w.__moves++);
		return map.getCenter().toArray();
	});
	await page.getByLabel('Scegli un comune').focus();
	await page.getByLabel('Scegli un comune').selectOption(istat);
	await expect(page.locator('#municipality-panel')).toHaveAttribute('data-istat', istat);
	await waitForMapIdle(page);
	return page.evaluate((start) => {
		const map = (window as unknown as { __atlasMap: import('maplibre-gl').Map }).__atlasMap;
		const moved = map.getCenter().toArray();
		return {
			moves: (window as unknown as { __moves: number }).__moves,
			travelled: Math.hypot(moved[0] - start[0], moved[1] - start[1])
		};
	}, before);
}

test('with prefers-reduced-motion the camera jumps to a chosen municipality; without it, it flies', async ({
	browser
}) => {
	const still = await browser.newContext({ reducedMotion: 'reduce' });
	const reduced = await cameraMovesWhenChoosing(await still.newPage(), '046024');
	expect(reduced.travelled).toBeGreaterThan(0.05);
	expect(reduced.moves).toBe(1);
	await still.close();

	// The same choice with motion allowed animates over many frames: the test can tell them apart.
	const moving = await browser.newContext({ reducedMotion: 'no-preference' });
	const animated = await cameraMovesWhenChoosing(await moving.newPage(), '046024');
	expect(animated.travelled).toBeGreaterThan(0.05);
	expect(animated.moves).toBeGreaterThan(3);
	await moving.close();
});

test('with prefers-reduced-motion no CSS transition or animation runs', async ({ page }) => {
	await page.emulateMedia({ reducedMotion: 'reduce' });
	await page.goto('/comuni/046007');
	// Any element, even one a component gives a transition, reports none.
	const durations = await page.evaluate(() => {
		const probe = document.createElement('div');
		probe.style.transition = 'opacity 2s';
		probe.style.animation = 'spin 3s infinite';
		document.body.append(probe);
		const style = getComputedStyle(probe);
		return {
			transition: style.transitionDuration,
			animation: style.animationDuration,
			iterations: style.animationIterationCount
		};
	});
	expect(durations).toEqual({ transition: '0s', animation: '0s', iterations: '1' });
	await page.emulateMedia({ reducedMotion: 'no-preference' });
	const normal = await page.evaluate(() => {
		const probe = document.createElement('div');
		probe.style.transition = 'opacity 2s';
		document.body.append(probe);
		return getComputedStyle(probe).transitionDuration;
	});
	expect(normal).toBe('2s');
});
