/**
 * The diagonal hatch that area layers are filled with when a choropleth is shown: a tile of
 * parallel lines at 45°, so the choropleth's colours stay readable between them.
 */
export interface HatchSpec {
	/** Line colour, as hex. */
	colour: string;
	/** The tile's side in pixels; lines repeat every `size` pixels along each axis. */
	size: number;
	/** The lines' width in pixels. */
	lineWidth: number;
}

/** The image id area layers name in `fill-pattern`; the map adds it when a layer asks for it. */
export const AREA_HATCH_IMAGE = 'area-hatch';

export const hatchSpec = (colour: string): HatchSpec => ({ colour, size: 10, lineWidth: 1.5 });

/**
 * The hatch tile as RGBA pixels (what `map.addImage` takes): lines `x − y ≡ 0 (mod size)`, running
 * top-left to bottom-right, each pixel's alpha its coverage, so that tiles join without a seam.
 */
export function hatchImage(spec: HatchSpec): { width: number; height: number; data: Uint8Array } {
	const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(spec.colour);
	if (!hex) throw new Error(`Not a #rrggbb colour: ${spec.colour}`);
	const [r, g, b] = hex.slice(1).map((h) => parseInt(h, 16));
	const { size, lineWidth } = spec;
	const data = new Uint8Array(size * size * 4);
	for (let y = 0; y < size; y++)
		for (let x = 0; x < size; x++) {
			// Distance from the pixel's centre to the nearest line, measured across the lines.
			const offset = (((x - y) % size) + size) % size;
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

/** The same hatch as an SVG `<pattern>`, for the images drawn on the server. */
export function hatchSvgPattern(id: string, spec: HatchSpec): string {
	const { size: s, lineWidth, colour } = spec;
	// The main diagonal plus the two corner pieces of its neighbours, so the tile joins seamlessly.
	const d = `M0,0L${s},${s}M${-s / 2},${s / 2}L${s / 2},${s * 1.5}M${s / 2},${-s / 2}L${s * 1.5},${s / 2}`;
	return `<pattern id="${id}" width="${s}" height="${s}" patternUnits="userSpaceOnUse"><path d="${d}" stroke="${colour}" stroke-width="${lineWidth}" stroke-linecap="square"/></pattern>`;
}
