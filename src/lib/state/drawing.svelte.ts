import { getContext, setContext } from 'svelte';
import type { DrawnGeometry } from '../drawing/geometry-file.ts';
import { record, redo, startHistory, undo, type History } from '../drawing/history.ts';

export type DrawingTool = 'point' | 'linestring' | 'polygon' | 'select';

/**
 * The one geometry a planner is drawing, with its undo/redo history. The map reports finished
 * edits (`commit`); changes made outside the map (undo, redo, an imported file) bump `revision`,
 * which tells the map to redraw from `geometry`.
 */
export class DrawingState {
	#history = $state.raw<History<DrawnGeometry | null>>(startHistory(null));
	tool = $state<DrawingTool>('linestring');
	revision = $state(0);
	/** Bumped by each imported file, so the map brings it into view. */
	imports = $state(0);
	/** A shape is being drawn and its last vertex can be taken back (the map says so). */
	sketchCanStepBack = $state(false);
	#stepBack: (() => void) | null = null;

	constructor(initial: DrawnGeometry | null = null) {
		this.#history = startHistory(initial);
		if (initial) this.tool = 'select';
	}

	get geometry(): DrawnGeometry | null {
		return this.#history.present;
	}
	get canUndo() {
		return this.sketchCanStepBack || this.#history.past.length > 0;
	}
	get canRedo() {
		return this.#history.future.length > 0;
	}

	/** A finished edit on the map: already drawn there, so no redraw. */
	commit(geometry: DrawnGeometry | null) {
		this.#history = record(this.#history, geometry);
	}
	/** A geometry from elsewhere (a file): recorded, and drawn on the map. */
	replace(geometry: DrawnGeometry | null) {
		this.#history = record(this.#history, geometry);
		this.tool = geometry ? 'select' : this.tool;
		this.revision++;
		this.imports++;
	}
	/** The map's way of taking back the last vertex of the shape being drawn; returns a detach. */
	attachStepBack(stepBack: () => void): () => void {
		this.#stepBack = stepBack;
		return () => {
			this.#stepBack = null;
			this.sketchCanStepBack = false;
		};
	}
	/** Mid-drawing, the last vertex; otherwise the last finished edit. */
	undo() {
		if (this.sketchCanStepBack && this.#stepBack) {
			this.#stepBack();
			return;
		}
		this.#history = undo(this.#history);
		this.revision++;
	}
	redo() {
		this.#history = redo(this.#history);
		this.revision++;
	}
}

const KEY = Symbol('drawing');

export function prepareDrawing(initial: DrawnGeometry | null = null): DrawingState {
	return setContext(KEY, new DrawingState(initial));
}

export function getDrawing(): DrawingState {
	const drawing = getContext<DrawingState | undefined>(KEY);
	if (!drawing) throw new Error('getDrawing() needs prepareDrawing() in a parent component');
	return drawing;
}
