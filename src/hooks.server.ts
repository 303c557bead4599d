import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { closeDatabase, getDatabase } from '#lib/server/atlas.ts';
import { isLang, negotiateLang, translate } from '#lib/i18n/index.ts';

export const init: ServerInit = async () => {
	// Open, migrate and load before the first request, not during it.
	await getDatabase();
	// adapter-node emits this on SIGTERM/SIGINT: close the embedded database so its directory stays sound.
	process.once('sveltekit:shutdown', () => {
		void closeDatabase();
	});
};

export const handle: Handle = async ({ event, resolve }) => {
	const query = event.url.searchParams.get('lang');
	event.locals.lang = negotiateLang({ query, cookie: event.cookies.get('lang') });
	// An explicit ?lang= is remembered for the pages that follow.
	if (isLang(query) && query !== event.cookies.get('lang')) {
		event.cookies.set('lang', query, {
			path: '/',
			maxAge: 60 * 60 * 24 * 365,
			sameSite: 'lax',
			httpOnly: false
		});
	}
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
