import { z } from 'zod';

/** A municipality's ISTAT code: 6 digits, province first (046007 = Capannori). */
export const istatCode = z.string().regex(/^\d{6}$/);

/** `bbox=west,south,east,north` in WGS84 degrees. */
export const bboxParam = z
	.string()
	.transform((value) => value.split(',').map((part) => (part.trim() === '' ? NaN : Number(part))))
	.pipe(
		z
			.tuple([
				z.number().min(-180).max(180),
				z.number().min(-90).max(90),
				z.number().min(-180).max(180),
				z.number().min(-90).max(90)
			])
			.refine(([west, south, east, north]) => west < east && south < north)
	);
