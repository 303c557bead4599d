import { z } from 'zod';

/** A municipality's ISTAT code: 6 digits, province first (046007 = Capannori). */
export const istatCode = z.string().regex(/^\d{6}$/);
