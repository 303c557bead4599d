import { getContext, setContext } from 'svelte';
import { MediaQuery } from 'svelte/reactivity';
import {
	NARROW_MEDIA,
	PHONE_MEDIA,
	cycleHeight,
	sheetPixels,
	stepHeight,
	type Insets,
	type SheetHeight
} from '#lib/map/sheet.ts';

/**
 * Where the atlas's panels are: on a desktop, the side panel open or folded to a rail (kept in the
 * URL); on a phone, the bottom sheet's height, and the room the search bar and the sheet take.
 */
export class PanelLayout {
	/** The desktop side panel folded to a narrow rail. */
	folded = $state(false);
	/** The phone sheet's height between drags. */
	sheet = $state<SheetHeight>('peek');
	/** The sheet's height in px while a finger drags it. */
	dragged = $state<number | undefined>();
	/** Laid out for a phone (narrow screen). */
	readonly phone = new MediaQuery(PHONE_MEDIA, false);
	/** A narrow desktop, where a card takes the side panel's place. */
	readonly narrow = new MediaQuery(NARROW_MEDIA, false);
	/** The screen's height and the search bar's bottom edge, measured by the page. */
	viewportHeight = $state(0);
	topBar = $state(0);
	/** The desktop side panel's right edge, measured by the page. */
	sideRight = $state(0);
	/** A card (a municipality, a feature) is open. */
	cardOpen = $state(false);
	/** How far the desktop card reaches in from the right edge: measured once shown. */
	cardReach = $state(352);
	/** The height the sheet had before a card opened it to half, to return to when it closes. */
	#beforeCard: SheetHeight | undefined;

	constructor(initial: { folded?: boolean; card?: boolean }) {
		this.folded = initial.folded ?? false;
		this.cardOpen = initial.card ?? false;
		if (initial.card) this.sheet = 'half';
	}

	/** The sheet's height in px now: where the finger holds it, or its resting height. */
	get sheetPx(): number {
		return this.dragged ?? sheetPixels(this.sheet, this.viewportHeight, this.topBar);
	}

	setSheet(height: SheetHeight) {
		this.sheet = height;
		this.dragged = undefined;
		this.#beforeCard = undefined;
	}

	cycle() {
		this.setSheet(cycleHeight(this.sheet));
	}

	step(direction: 1 | -1) {
		this.setSheet(stepHeight(this.sheet, direction));
	}

	/** A card opened: at least half height, so it is read beside the map. */
	cardOpened() {
		this.cardOpen = true;
		if (this.sheet !== 'peek') return;
		this.sheet = 'half';
		this.#beforeCard = 'peek';
	}

	/** The card closed: back to the height before it, if the reader did not move the sheet since. */
	cardClosed() {
		this.cardOpen = false;
		if (this.#beforeCard) this.sheet = this.#beforeCard;
		this.#beforeCard = undefined;
	}

	toggleFolded() {
		this.folded = !this.folded;
	}

	/** How far the panels reach into the map, for framing a place in what stays visible. */
	get insets(): Insets {
		if (this.phone.current) return { top: this.topBar, right: 0, bottom: this.sheetPx, left: 0 };
		return {
			top: 0,
			// Narrow, the card takes the side panel's place rather than the right edge.
			right: this.cardOpen && !this.narrow.current ? this.cardReach : 0,
			bottom: 0,
			left: this.sideRight
		};
	}

	get urlState(): { panel?: 'folded' } {
		return this.folded ? { panel: 'folded' } : {};
	}
}

const KEY = Symbol('panel-layout');

export function preparePanelLayout(initial: { folded?: boolean; card?: boolean }): PanelLayout {
	return setContext(KEY, new PanelLayout(initial));
}

/** The page's panel layout, or undefined on a map without panels (an embedded map). */
export function findPanelLayout(): PanelLayout | undefined {
	return getContext<PanelLayout | undefined>(KEY);
}
