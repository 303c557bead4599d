import { json } from '@sveltejs/kit';

/** The API's one error shape: `{ "error": { "code", "message" } }`, never a stack trace. */
export function apiError(status: number, code: string, message: string): Response {
	return json({ error: { code, message } }, { status, headers: { 'cache-control': 'no-store' } });
}
