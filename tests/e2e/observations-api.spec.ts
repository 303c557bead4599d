import { expect, test } from '@playwright/test';
import { apiClientOf } from './accounts.ts';

const observation = {
	title: 'Il sottopasso di San Concordio si allaga',
	body: 'Con ogni temporale il sottopasso resta chiuso per ore.',
	category: 'infrastructure',
	geometry: {
		type: 'LineString',
		coordinates: [
			[10.495, 43.835],
			[10.5, 43.834]
		]
	}
};

test('observations through the API: post, support once, comment, moderate; anonymous writes refused', async ({
	browser,
	request
}) => {
	// Anonymous: 401 in the visitor's language, nothing saved.
	const before = (await (await request.get('/api/v1/observations')).json()).features.length;
	const anonymous = await request.post('/api/v1/observations', {
		data: observation,
		headers: { 'accept-language': 'it' }
	});
	expect(anonymous.status()).toBe(401);

	const sara = await apiClientOf(browser, 'stakeholder');
	// Bad input: named, in Italian, nothing saved.
	const markup = await sara.send('POST', '/api/v1/observations', {
		...observation,
		body: 'Guardate <img src=x onerror=alert(1)>'
	});
	expect(markup.status()).toBe(400);
	expect((await markup.json()).error.message).toMatch(/testo semplice/);
	const huge = await sara.send('POST', '/api/v1/observations', {
		...observation,
		body: 'a'.repeat(50_000)
	});
	expect(huge.status()).toBe(400);
	const unknown = await sara.send('POST', '/api/v1/observations', {
		...observation,
		category: 'meteo'
	});
	expect(unknown.status()).toBe(400);
	const far = await sara.send('POST', '/api/v1/observations', {
		...observation,
		geometry: { type: 'Point', coordinates: [12.49, 41.89] }
	});
	expect(far.status()).toBe(400);
	expect((await request.get('/api/v1/observations')).ok()).toBe(true);
	expect((await (await request.get('/api/v1/observations')).json()).features.length).toBe(before);

	const created = await sara.send('POST', '/api/v1/observations', observation);
	expect(created.status()).toBe(201);
	const { id, impact } = await created.json();
	expect(impact.municipalities.map((m: { istat: string }) => m.istat)).toContain('046017');
	const listed = await (await request.get('/api/v1/observations?istat=046017')).json();
	expect(listed.features.map((f: { id: string }) => f.id)).toContain(id);

	// Another stakeholder supports it twice: 201, then 200 with the same count.
	const paola = await apiClientOf(browser, 'planner');
	const first = await paola.send('POST', `/api/v1/observations/${id}/support`);
	expect([first.status(), (await first.json()).supports]).toEqual([201, 1]);
	const second = await paola.send('POST', `/api/v1/observations/${id}/support`);
	expect([second.status(), (await second.json()).supports]).toEqual([200, 1]);
	const comment = await paola.send('POST', `/api/v1/observations/${id}/comments`, {
		body: 'Confermo, anche ieri era chiuso.'
	});
	expect(comment.status()).toBe(201);
	const { id: commentId } = await comment.json();

	// The cabina di regia hides the comment with a reason; it leaves the public view, the log keeps it.
	const rita = await apiClientOf(browser, 'reviewer');
	expect(
		(
			await sara.send('POST', `/api/v1/observations/${id}/moderation`, {
				action: 'hide',
				reason: 'offensive',
				comment_id: commentId
			})
		).status()
	).toBe(403);
	const hidden = await rita.send('POST', `/api/v1/observations/${id}/moderation`, {
		action: 'hide',
		reason: 'off_topic',
		note: 'Commento di prova',
		comment_id: commentId
	});
	expect(hidden.status()).toBe(200);
	const seen = await (await request.get(`/api/v1/observations/${id}`)).json();
	expect(seen.comments).toEqual([]);
	expect(seen.supports).toBe(1);
	const byAuthor = await (await paola.request.get(`/api/v1/observations/${id}`)).json();
	expect(byAuthor.comments.map((c: { hidden: boolean }) => c.hidden)).toEqual([true]);
	expect(byAuthor.moderation).toMatchObject([
		{ item_kind: 'comment', action: 'hide', reason: 'off_topic', moderator_name: 'Rita Reviewer' }
	]);
	for (const client of [sara, paola, rita]) await client.close();
});
