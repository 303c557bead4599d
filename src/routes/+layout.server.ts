import { getDatabase } from '#lib/server/atlas.ts';
import { notificationQueries } from '#lib/server/notifications.ts';
import { identityOf } from '#lib/server/proposals-api.ts';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => ({
	lang: event.locals.lang,
	// The atlas's public address, for links that leave it (embed codes, social previews).
	origin: event.locals.origin,
	// A member's unread "novità", shown in every page's top bar (visitors have none).
	unread: event.locals.member
		? await notificationQueries(await getDatabase()).unread(identityOf(event))
		: null
});
