/**
 * The diagonal hatches that area layers are filled with when a choropleth is shown: tiles of
 * parallel lines at 45°, so the choropleth's colours stay readable between them. Two directions,
 * so that two area layers shown together tell apart by pattern while keeping the one hue.
 */
export type HatchDirection =
	/** Lines from top-left to bottom-right, "\\". */
	| 'falling'
	/** Lines from bottom-left to top-right, "/". */
	| 'rising';

export interface HatchSpec {
	/** Line colour, as hex. */
	colour: string;
	/** The tile's side in pixels; lines repeat every `size` pixels along each axis. */
	size: number;
	/** The lines' width in pixels. */
	lineWidth: number;
	direction: HatchDirection;
}

/** The image id each hatch is named by in `fill-pattern`; the map adds one when a layer asks for it. */
export const AREA_HATCH_IMAGES: Record<HatchDirection, string> = {
	falling: 'area-hatch',
	rising: 'area-hatch-rising'
};

export const hatchSpec = (colour: string, direction: HatchDirection = 'falling'): HatchSpec => ({
	colour,
	size: 10,
	lineWidth: 1.5,
	direction
});

/** The spec of the area hatch an image id names, in `colour`; undefined for any other image. */
export function areaHatchSpec(imageId: string, colour: string): HatchSpec | undefined {
	const direction = (Object.keys(AREA_HATCH_IMAGES) as HatchDirection[]).find(
		(d) => AREA_HATCH_IMAGES[d] === imageId
	);
	return direction && hatchSpec(colour, direction);
}

/**
 * The hatch tile as RGBA pixels (what `map.addImage` takes): lines `x − y ≡ 0 (mod size)` when
 * falling, `x + y ≡ size − 1` when rising (the same lines mirrored left to right), each pixel's
 * alpha its coverage, so that tiles join without a seam.
 */
export function hatchImage(spec: HatchSpec): { width: number; height: number; data: Uint8Array } {
	const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(spec.colour);
	if (!hex) throw new Error(`Not a #rrggbb colour: ${spec.colour}`);
	const [r, g, b] = hex.slice(1).map((h) => parseInt(h, 16));
	const { size, lineWidth } = spec;
	const data = new Uint8Array(size * size * 4);
	for (let y = 0; y < size; y++)
		for (let x = 0; x < size; x++) {
			const column = spec.direction === 'rising' ? size - 1 - x : x;
			// Distance from the pixel's centre to the nearest line, measured across the lines.
			const offset = (((column - y) % size) + size) % size;
			const distance = Math.min(offset, size - offset) / Math.SQRT2;
			const coverage = Math.min(1, Math.max(0, lineWidth / 2 - distance + 0.5));
			const i = (y * size + x) * 4;
			data[i] = r;
			data[i + 1] = g;
			data[i + 2] = b;
			data[i + 3] = Math.round(coverage * 255);
		}
	return { width: size, height: size, data };
}

/**
 * The SVG path of one hatch tile `size` wide: the main diagonal plus the two corner pieces of its
 * neighbours, so the tile joins seamlessly (rising: the same mirrored left to right).
 */
export function hatchPath(size: number, direction: HatchDirection): string {
	const s = size;
	const x = (value: number) => (direction === 'rising' ? s - value : value);
	const segment = (x1: number, y1: number, x2: number, y2: number) =>
		`M${x(x1)},${y1}L${x(x2)},${y2}`;
	return (
		segment(0, 0, s, s) +
		segment(-s / 2, s / 2, s / 2, s * 1.5) +
		segment(s / 2, -s / 2, s * 1.5, s / 2)
	);
}

/** The same hatch as an SVG `<pattern>`, for the images drawn on the server. */
export function hatchSvgPattern(id: string, spec: HatchSpec): string {
	const { size: s, lineWidth, colour } = spec;
	return `<pattern id="${id}" width="${s}" height="${s}" patternUnits="userSpaceOnUse"><path d="${hatchPath(s, spec.direction)}" stroke="${colour}" stroke-width="${lineWidth}" stroke-linecap="square"/></pattern>`;
}
