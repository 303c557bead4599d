/**
 * Sends a JSON body to the atlas's API: the answer's body when it is accepted, otherwise its
 * status and the refusal's message (already in the reader's language, when the API gave one).
 */
export async function sendJson<T>(
	url: string,
	method: 'POST' | 'PATCH',
	body: unknown
): Promise<{ ok: true; body: T } | { ok: false; status: number; message: string | null }> {
	const response = await fetch(url, {
		method,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	const answer = await response.json();
	if (response.ok) return { ok: true, body: answer as T };
	return { ok: false, status: response.status, message: answer?.error?.message ?? null };
}
