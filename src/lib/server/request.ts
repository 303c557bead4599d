import type { RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { hasMessage, translate, type MessageKey } from '../i18n/index.ts';
import { MAX_BODY_BYTES } from '../proposals.ts';
import { apiError } from './api.ts';

/**
 * Reads and validates a JSON body: at most 5 MB, valid JSON, then `schema`. Errors are answered
 * in the user's language, naming the field. (Cross-site requests never get here: hooks.server.ts.)
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
	if (!parsed.success)
		return {
			ok: false,
			response: apiError(400, 'invalid_field', invalidFieldMessage(lang, parsed.error))
		};
	return { ok: true, value: parsed.data };
}

type Lang = Parameters<typeof translate>[0];
type Refusal = { status: number; key: MessageKey; params: Record<string, string> };

/** "Campo «title»: è troppo lungo": the first problem zod found, naming its field. */
export function invalidFieldMessage(lang: Lang, error: z.ZodError, field?: string): string {
	const issue = error.issues[0];
	const problem = hasMessage(issue.message)
		? translate(lang, issue.message)
		: translate(lang, 'problem.invalid');
	return translate(lang, 'problem.field', {
		field: field ?? (issue.path.join('.') || 'body'),
		problem
	});
}

/** A form's fields, as text. */
export async function readForm(request: Request): Promise<Record<string, string>> {
	return Object.fromEntries([...(await request.formData())].map(([k, v]) => [k, String(v)]));
}

/** A field named as its form labels it («fonte del costo» for cost_source), else as sent. */
export function fieldLabel(
	lang: Lang,
	labels: 'plan.field' | 'admin.field' | 'ambito.field',
	field: string
): string {
	const key = `${labels}.${field}`;
	return hasMessage(key) ? translate(lang, key) : field;
}

/** A refusal of the data-access module in the user's words. */
export function refusalMessage(lang: Lang, error: Refusal): string {
	// Parameters that name a message (a problem, an action) are said in the user's language too.
	const params = Object.fromEntries(
		Object.entries(error.params).map(([name, value]) => [
			name,
			hasMessage(value) ? translate(lang, value) : value
		])
	);
	return translate(lang, error.key, params);
}

/** A refusal of the data-access module as an API error in the user's language. */
export function refusalResponse(lang: Lang, error: Refusal): Response {
	const codes: Record<number, string> = {
		400: 'invalid_field',
		401: 'sign_in_needed',
		403: 'not_allowed',
		404: 'proposal_not_found',
		409: 'version_conflict',
		429: 'too_many_writes'
	};
	return apiError(error.status, codes[error.status] ?? 'refused', refusalMessage(lang, error));
}
