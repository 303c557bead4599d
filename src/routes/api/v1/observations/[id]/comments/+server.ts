import { commentRoute } from '#lib/server/discussions-api.ts';
import type { RequestHandler } from './$types';

/** A comment, or a reply to a top-level comment (`parent_id`). */
export const POST: RequestHandler = commentRoute('observation');
