// The server errors and off-shape answers the property-based tests found, one test each, named
// after the bug: each answered 500 (or HTML) before its fix.
import { expect, test } from '@playwright/test';
import { LINE_LUCCA_CAPANNORI, ZIGZAG_CROSSING_ITSELF } from '../fixtures/proposals/geometries.ts';
import {
	ANONYMOUS,
	readApiState,
	send,
	signInPeople,
	type Answer,
	type Caller,
	type People
} from './fuzz/client.ts';

const sendJson = (
	baseURL: string,
	caller: Caller,
	method: 'POST' | 'PATCH',
	target: string,
	body: unknown
) =>
	send(baseURL, caller, {
		method,
		target,
		contentType: 'application/json',
		body: JSON.stringify(body)
	});

function expectError(answer: Answer, status: number, code: string, message: string) {
	expect(answer.status, answer.text).toBe(status);
	expect(JSON.parse(answer.text)).toEqual({ error: { code, message } });
}

/** A submitted proposal of the planner's, at version 2. */
async function submittedProposal(baseURL: string, planner: Caller): Promise<string> {
	const created = await sendJson(baseURL, planner, 'POST', '/api/v1/proposals', {
		title: 'Bersaglio delle regressioni',
		geometry: LINE_LUCCA_CAPANNORI
	});
	expect(created.status, created.text).toBe(201);
	const { id } = JSON.parse(created.text) as { id: string };
	const submitted = await sendJson(baseURL, planner, 'POST', `/api/v1/proposals/${id}/transition`, {
		to: 'submitted',
		version: 1
	});
	expect(submitted.status, submitted.text).toBe(200);
	return id;
}

test('bug: a NUL character in the search query was a server error', async ({ baseURL }) => {
	const answer = await send(baseURL!, ANONYMOUS, { target: '/api/v1/search?q=capa%00nnori' });
	expect(answer.status, answer.text).toBe(200);
	const body = JSON.parse(answer.text);
	expect(body.query).toBe('capannori');
	expect(body.groups[0].results[0].label).toBe('Capannori');
});

test('bug: a NUL character in a layer id was a server error', async ({ baseURL }) => {
	const answer = await send(baseURL!, ANONYMOUS, { target: '/api/v1/layers/districts%00?lang=en' });
	expect(answer.status, answer.text).toBe(404);
	expect(JSON.parse(answer.text).error.code).toBe('layer_not_found');
});

test('bug: broken percent-encoding in an API path answered an HTML page', async ({ baseURL }) => {
	expectError(
		await send(baseURL!, ANONYMOUS, { target: '/api/v1/municipalities/%E0%A4%A' }),
		400,
		'malformed_url',
		'Indirizzo non valido: contiene una codifica percentuale errata.'
	);
	expectError(
		await send(baseURL!, ANONYMOUS, { target: '/api/v1/layers/%?lang=en' }),
		400,
		'malformed_url',
		'Malformed address: it contains a broken percent-encoding.'
	);
});

test('bug: a method an API route does not take answered plain text', async ({ baseURL }) => {
	const people = await signInPeople(baseURL!);
	const answer = await sendJson(baseURL!, people.planner, 'POST', '/api/v1/proposals/comments', {
		body: 'Un commento.'
	});
	expectError(
		answer,
		405,
		'method_not_allowed',
		'Il metodo POST non è ammesso qui (ammessi: GET, PATCH, HEAD).'
	);
});

test('bug: a NUL character in a proposal’s texts was a server error', async ({ baseURL }) => {
	const people = await signInPeople(baseURL!);
	const before = await readApiState(baseURL!, people);
	for (const field of ['title', 'description', 'cost_basis', 'funding_hypotheses'])
		expectError(
			await sendJson(baseURL!, people.planner, 'POST', '/api/v1/proposals', {
				title: 'Ciclabile',
				geometry: LINE_LUCCA_CAPANNORI,
				[field]: 'testo\u0000nascosto'
			}),
			400,
			'invalid_field',
			`Campo «${field}»: contiene un carattere non ammesso (U+0000)`
		);
	expect(await readApiState(baseURL!, people)).toEqual(before);
});

test('bug: a cost estimate larger than the database holds was a server error', async ({
	baseURL
}) => {
	const people = await signInPeople(baseURL!);
	const before = await readApiState(baseURL!, people);
	expectError(
		await sendJson(baseURL!, people.planner, 'POST', '/api/v1/proposals?lang=en', {
			title: 'Ciclabile',
			geometry: LINE_LUCCA_CAPANNORI,
			estimated_cost_eur: 1e14,
			cost_basis: 'Stima'
		}),
		400,
		'invalid_field',
		'Field "estimated_cost_eur": is too large'
	);
	expect(await readApiState(baseURL!, people)).toEqual(before);
});

test('bug: a cost estimate without its basis was a server error', async ({ baseURL }) => {
	const people = await signInPeople(baseURL!);
	const before = await readApiState(baseURL!, people);
	expectError(
		await sendJson(baseURL!, people.planner, 'POST', '/api/v1/proposals', {
			title: 'Ciclabile',
			geometry: LINE_LUCCA_CAPANNORI,
			estimated_cost_eur: 250_000
		}),
		400,
		'invalid_field',
		'Campo «cost_basis»: serve quando si indica un costo stimato'
	);
	expect(await readApiState(baseURL!, people)).toEqual(before);
});

test('bug: a geometry with an elevation was a server error; it is saved in two dimensions', async ({
	baseURL
}) => {
	const people = await signInPeople(baseURL!);
	const created = await sendJson(baseURL!, people.planner, 'POST', '/api/v1/proposals', {
		title: 'Ciclabile in quota',
		geometry: {
			type: 'LineString',
			coordinates: [
				[10.47, 43.85, 19],
				[10.55, 43.845, 21, 0]
			]
		}
	});
	expect(created.status, created.text).toBe(201);
	const { id } = JSON.parse(created.text);
	const stored = await send(baseURL!, people.planner, { target: `/api/v1/proposals/${id}` });
	expect(JSON.parse(stored.text).geometry).toEqual({
		type: 'LineString',
		coordinates: [
			[10.47, 43.85],
			[10.55, 43.845]
		]
	});
});

test('bug: a version beyond PostgreSQL’s integer range was a server error', async ({ baseURL }) => {
	const people = await signInPeople(baseURL!);
	const id = await submittedProposal(baseURL!, people.planner);
	const before = await readApiState(baseURL!, people, id);
	expectError(
		await sendJson(baseURL!, people.planner, 'PATCH', `/api/v1/proposals/${id}`, {
			title: 'Ciclabile',
			geometry: LINE_LUCCA_CAPANNORI,
			version: 2_147_483_648
		}),
		400,
		'invalid_field',
		'Campo «version»: non è valido'
	);
	expectError(
		await sendJson(baseURL!, people.reviewer, 'POST', `/api/v1/proposals/${id}/transition`, {
			to: 'under_review',
			version: 99_999_999_999
		}),
		400,
		'invalid_field',
		'Campo «version»: non è valido'
	);
	expect(await readApiState(baseURL!, people, id)).toEqual(before);
});

test('bug: a NUL character in a comment or a rejection reason was a server error', async ({
	baseURL
}) => {
	const people = await signInPeople(baseURL!);
	const id = await submittedProposal(baseURL!, people.planner);
	const before = await readApiState(baseURL!, people, id);
	expectError(
		await sendJson(baseURL!, people.reviewer, 'POST', `/api/v1/proposals/${id}/comments`, {
			body: 'Da rivedere\u0000'
		}),
		400,
		'invalid_field',
		'Campo «body»: contiene un carattere non ammesso (U+0000)'
	);
	expectError(
		await sendJson(baseURL!, people.reviewer, 'POST', `/api/v1/proposals/${id}/transition`, {
			to: 'rejected',
			version: 2,
			reason: 'Fuori\u0000tema'
		}),
		400,
		'invalid_field',
		'Campo «reason»: contiene un carattere non ammesso (U+0000)'
	);
	expect(await readApiState(baseURL!, people, id)).toEqual(before);
});

test('bug: a proposal ending before it starts was saved, and adopting it was a server error', async ({
	baseURL
}) => {
	const people = await signInPeople(baseURL!);
	const before = await readApiState(baseURL!, people);
	expectError(
		await sendJson(baseURL!, people.planner, 'POST', '/api/v1/proposals', {
			title: 'Ciclabile',
			geometry: LINE_LUCCA_CAPANNORI,
			start_date: '2030-05',
			end_date: '2029'
		}),
		400,
		'invalid_field',
		'Campo «end_date»: è precedente a start_date'
	);
	expect(await readApiState(baseURL!, people)).toEqual(before);
});

test('bug: a NUL character in the sign-in email was a server error', async ({ baseURL }) => {
	const answer = await send(baseURL!, ANONYMOUS, {
		method: 'POST',
		target: '/accedi',
		contentType: 'application/x-www-form-urlencoded',
		// Nobody's address: the suite's accounts keep their sign-in attempts.
		body: new URLSearchParams({ email: 'nessuno\u0000@example.org', password: 'x' }).toString()
	});
	expect(answer.status).toBe(400);
	expect(answer.text).toContain('Email o password non corrette.');
});

test('bug: a line crossing itself thousands of times was a server error; its impact is measured', async ({
	baseURL
}) => {
	const people = await signInPeople(baseURL!);
	const created = await sendJson(baseURL!, people.planner, 'POST', '/api/v1/proposals', {
		title: 'Ciclabile a zig-zag',
		geometry: ZIGZAG_CROSSING_ITSELF
	});
	expect(created.status, created.text).toBe(201);
	const { impact } = JSON.parse(created.text) as {
		impact: { municipalities: { istat: string }[] };
	};
	expect(impact.municipalities.map((m) => m.istat)).toContain('046017');
});
