import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { closeDatabase, getDatabase } from '#lib/server/atlas.ts';
import { negotiateLang, translate } from '#lib/i18n/index.ts';

export const init: ServerInit = async () => {
	// Open, migrate and load before the first request, not during it.
	await getDatabase();
	// adapter-node emits this on SIGTERM/SIGINT: close the embedded database so its directory stays sound.
	process.once('sveltekit:shutdown', () => {
		void closeDatabase();
	});
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.lang = negotiateLang({
		query: event.url.searchParams.get('lang'),
		cookie: event.cookies.get('lang')
	});
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang)
	});
};

export const handleError: HandleServerError = (input) => {
	const lang = input.event.locals.lang ?? 'it';
	if (input.kind === 'unknown') {
		console.error(input.error);
		return { message: translate(lang, 'error.generic.body') };
	}
	if (input.kind === 'framework' && input.error.status === 404) {
		return { message: translate(lang, 'error.notFound.generic') };
	}
	return { message: input.error.message };
};
