import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { membersOnly, membersOnlyAction } from '../../src/lib/server/proposals-api.ts';

const MEMBER = { user_id: '00000000-0000-4000-8000-000000000001', role: 'planner' };

/** A write as it reaches a route: a body nobody has read yet. */
function write(lang: 'it' | 'en', member: typeof MEMBER | null) {
	const request = new Request('http://atlante.test/api/v1/proposals', {
		method: 'POST',
		body: '{"title": ',
		headers: { 'content-type': 'application/json' }
	});
	return {
		request,
		locals: { lang, member, origin: 'http://atlante.test' }
	} as unknown as RequestEvent;
}

describe('membersOnly', () => {
	it('refuses an anonymous write with 401 in Italian, its body unread', async () => {
		const event = write('it', null);
		let ran = false;
		const response = await membersOnly(async () => {
			ran = true;
			return new Response(null, { status: 201 });
		})(event);
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({
			error: { code: 'sign_in_needed', message: 'Accedi per continuare.' }
		});
		expect(event.request.bodyUsed).toBe(false);
		expect(ran).toBe(false);
	});

	it('answers in English when the visitor reads English', async () => {
		const response = await membersOnly(async () => new Response(null))(write('en', null));
		expect((await response.json()).error.message).toBe('Sign in to continue.');
	});

	it('lets a member through to the handler', async () => {
		const response = await membersOnly(async (event) => new Response(await event.request.text()))(
			write('it', MEMBER)
		);
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('{"title": ');
	});
});

describe('membersOnlyAction', () => {
	it('fails an anonymous form with 401 and the message for that form, its body unread', async () => {
		const event = write('en', null);
		const result = await membersOnlyAction('comment', async () => ({ ok: true }))(event);
		expect(result).toMatchObject({
			status: 401,
			data: { form: 'comment', message: 'Sign in to continue.' }
		});
		expect(event.request.bodyUsed).toBe(false);
	});

	it('runs the action for a member', async () => {
		expect(
			await membersOnlyAction('comment', async () => ({ ok: true }))(write('it', MEMBER))
		).toEqual({
			ok: true
		});
	});
});
