/**
 * The phone layout's bottom sheet and the part of the map left in view around the panels: pure
 * geometry, so the page, the map and the tests agree on it.
 */

/** Below this width (px) the atlas is laid out for a phone: full-screen map, bottom sheet. */
export const PHONE_MAX_WIDTH = 699;
export const PHONE_MEDIA = `(max-width: ${PHONE_MAX_WIDTH}px)`;
/**
 * A narrow desktop (a tablet upright): too narrow for the side panel and a card side by side
 * with any map between, so a card takes the side panel's place.
 */
export const NARROW_MAX_WIDTH = 1023;
export const NARROW_MEDIA = `(min-width: ${PHONE_MAX_WIDTH + 1}px) and (max-width: ${NARROW_MAX_WIDTH}px)`;

export const SHEET_HEIGHTS = ['peek', 'half', 'full'] as const;
export type SheetHeight = (typeof SHEET_HEIGHTS)[number];

/** Peek: the title line and the legend's first rows, never more than this share of the screen. */
const PEEK_SHARE = 0.2;
const PEEK_MAX_PX = 176;
/** Half: the map keeps more than 40% of the screen beside the search bar. */
const HALF_SHARE = 0.45;
/** A flick faster than this (px per ms) moves one height in its direction, however short. */
const FLICK_SPEED = 0.5;

/** The sheet's height in pixels for a screen `viewportHeight` tall, below a search bar `topInset` tall. */
export function sheetPixels(height: SheetHeight, viewportHeight: number, topInset: number): number {
	switch (height) {
		case 'peek':
			return Math.round(Math.min(PEEK_MAX_PX, viewportHeight * PEEK_SHARE));
		case 'half':
			return Math.round(viewportHeight * HALF_SHARE);
		case 'full':
			return Math.max(0, Math.round(viewportHeight - topInset));
	}
}

/**
 * The same heights as CSS lengths, for the page's first paint, before the screen is measured
 * (the server cannot know it).
 */
export function sheetCss(height: SheetHeight, topInset: number): string {
	switch (height) {
		case 'peek':
			return `min(${PEEK_MAX_PX}px, ${PEEK_SHARE * 100}dvh)`;
		case 'half':
			return `${HALF_SHARE * 100}dvh`;
		case 'full':
			return `calc(100dvh - ${topInset}px)`;
	}
}

/** One height up (+1) or down (-1), staying within peek and full. */
export function stepHeight(current: SheetHeight, direction: 1 | -1): SheetHeight {
	const index = SHEET_HEIGHTS.indexOf(current) + direction;
	return SHEET_HEIGHTS[Math.min(SHEET_HEIGHTS.length - 1, Math.max(0, index))];
}

/** What the sheet's button does: up one height, and from full back down to peek. */
export function cycleHeight(current: SheetHeight): SheetHeight {
	return current === 'full' ? 'peek' : stepHeight(current, 1);
}

/**
 * The height a drag settles on: the nearest to where the finger let go, or, after a flick
 * (`velocity` in px per ms, positive upwards), the next height in the flick's direction.
 */
export function settleHeight(
	draggedPx: number,
	velocity: number,
	viewportHeight: number,
	topInset: number
): SheetHeight {
	const heights = SHEET_HEIGHTS.map((h) => ({ h, px: sheetPixels(h, viewportHeight, topInset) }));
	if (Math.abs(velocity) > FLICK_SPEED) {
		const ahead =
			velocity > 0
				? heights.find((x) => x.px > draggedPx)
				: heights.findLast((x) => x.px < draggedPx);
		if (ahead) return ahead.h;
	}
	return heights.reduce((best, x) =>
		Math.abs(x.px - draggedPx) < Math.abs(best.px - draggedPx) ? x : best
	).h;
}

/** A flick's speed is read over this last stretch of the drag. */
const FLICK_WINDOW_MS = 120;
/** A finger still for longer than this before lifting ends a drag, not a flick. */
const HOLD_MS = 250;

/**
 * The speed of a drag's last moves (`samples`: [time ms, y px], oldest first), in px per ms,
 * upwards positive; none when the finger rested before lifting. The lift is not a sample: it may
 * come a frame or two after the last move.
 */
export function flickSpeed(samples: readonly [number, number][], liftedAt: number): number {
	const last = samples.at(-1);
	if (!last || liftedAt - last[0] > HOLD_MS) return 0;
	const [firstTime, firstY] = samples.find(([time]) => last[0] - time <= FLICK_WINDOW_MS) ?? last;
	return last[0] > firstTime ? (firstY - last[1]) / (last[0] - firstTime) : 0;
}

/** How far the panels reach into the map from each side, in px. */
export interface Insets {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

export interface Rect {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

/** The part of a `width` × `height` map the panels leave in view. */
export function visibleRect(width: number, height: number, insets: Insets): Rect {
	return {
		left: insets.left,
		top: insets.top,
		right: Math.max(insets.left, width - insets.right),
		bottom: Math.max(insets.top, height - insets.bottom)
	};
}

/** The share (0–1) of a `width` × `height` map the panels leave in view. */
export function visibleShare(width: number, height: number, insets: Insets): number {
	const rect = visibleRect(width, height, insets);
	return ((rect.right - rect.left) * (rect.bottom - rect.top)) / (width * height);
}

/**
 * Whether a place drawn over `box` (screen px) sits wholly in the visible part of the map, with a
 * `margin` to spare: if not, the map moves so that it does.
 */
export function isFramed(box: Rect, visible: Rect, margin = 8): boolean {
	return (
		box.left >= visible.left + margin &&
		box.right <= visible.right - margin &&
		box.top >= visible.top + margin &&
		box.bottom <= visible.bottom - margin
	);
}

/**
 * How far from the map's centre the visible part's centre lies, in px (MapLibre's camera
 * `offset`): a place flown to lands there, not under a panel.
 */
export function centreOffset(insets: Insets): [number, number] {
	return [(insets.left - insets.right) / 2, (insets.top - insets.bottom) / 2];
}

/** The padding that fits a place into the visible part of the map, with `margin` around it. */
export function framePadding(insets: Insets, margin = 24): Insets {
	return {
		top: insets.top + margin,
		right: insets.right + margin,
		bottom: insets.bottom + margin,
		left: insets.left + margin
	};
}
