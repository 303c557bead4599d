/** Supabase mode in the browser: supabase-js for signing in, the atlas's server for the session. */

export async function supabaseBrowserClient(url: string, anonKey: string) {
	const { createClient } = await import('@supabase/supabase-js');
	// The browser keeps no session of its own: the server holds it in httpOnly cookies.
	return createClient(url, anonKey, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: true }
	});
}

/** Hands a fresh Supabase session to the server, which verifies it and sets its cookies. */
export async function handOverSession(session: {
	access_token: string;
	refresh_token: string;
}): Promise<{ ok: true } | { ok: false; message: string }> {
	const response = await fetch('/accedi/sessione', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			access_token: session.access_token,
			refresh_token: session.refresh_token
		})
	});
	if (response.ok) return { ok: true };
	const body = await response.json().catch(() => null);
	return { ok: false, message: body?.error?.message ?? response.statusText };
}
