import type { RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { hasMessage, translate, type MessageKey } from '../i18n/index.ts';
import { MAX_BODY_BYTES } from '../proposals.ts';
import { apiError } from './api.ts';

/**
 * Reads and validates a JSON body (cross-site requests never get here: see hooks.server.ts): at most 5 MB, valid JSON, then `schema`. Errors
 * are answered in the user's language, naming the field.
 */
export async function readJson<T extends z.ZodType>(
	event: RequestEvent,
	schema: T
): Promise<{ ok: true; value: z.infer<T> } | { ok: false; response: Response }> {
	const lang = event.locals.lang;
	const declared = Number(event.request.headers.get('content-length') ?? 0);
	if (declared > MAX_BODY_BYTES)
		return {
			ok: false,
			response: apiError(413, 'too_large', translate(lang, 'problem.bodyTooLarge'))
		};
	const text = await event.request.text();
	if (Buffer.byteLength(text) > MAX_BODY_BYTES)
		return {
			ok: false,
			response: apiError(413, 'too_large', translate(lang, 'problem.bodyTooLarge'))
		};
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		return {
			ok: false,
			response: apiError(400, 'invalid_json', translate(lang, 'problem.badJson'))
		};
	}
	const parsed = schema.safeParse(json);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const problem = hasMessage(issue.message)
			? translate(lang, issue.message)
			: translate(lang, 'problem.invalid');
		return {
			ok: false,
			response: apiError(
				400,
				'invalid_field',
				translate(lang, 'problem.field', { field: issue.path.join('.') || 'body', problem })
			)
		};
	}
	return { ok: true, value: parsed.data };
}

/** A refusal of the data-access module as an API error in the user's language. */
export function refusalResponse(
	lang: Parameters<typeof translate>[0],
	error: { status: number; key: MessageKey; params: Record<string, string> }
): Response {
	const params = { ...error.params };
	if (params.problem && hasMessage(params.problem))
		params.problem = translate(lang, params.problem);
	const codes: Record<number, string> = {
		400: 'invalid_field',
		401: 'sign_in_needed',
		403: 'not_allowed',
		404: 'proposal_not_found',
		409: 'version_conflict'
	};
	return apiError(
		error.status,
		codes[error.status] ?? 'refused',
		translate(lang, error.key, params)
	);
}
