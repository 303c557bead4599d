import { getDatabase } from '#lib/server/atlas.ts';
import { notificationQueries } from '#lib/server/notifications.ts';
import { identityOf, membersOnlyAction, requireMember } from '#lib/server/proposals-api.ts';
import type { Actions, PageServerLoad } from './$types';

const notifications = async () => notificationQueries(await getDatabase());

export const load: PageServerLoad = async (event) => {
	requireMember(event);
	return { lines: await (await notifications()).list(identityOf(event)) };
};

export const actions: Actions = {
	read: membersOnlyAction('read', async (event) => {
		await (await notifications()).markAllRead(identityOf(event));
		return { form: 'read', ok: true };
	})
};
