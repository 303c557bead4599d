// Property-based tests of the proposals API's bodies: random, faulty and hostile bodies, as
// anonymous, as a planner and as a reviewer, never cause a server error, every refusal is the
// API's JSON, and after every refused request the API shows exactly what it showed before.
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { LINE_LUCCA_CAPANNORI } from '../fixtures/proposals/geometries.ts';
import {
	faultyComment,
	faultyProposal,
	faultyProposalEdit,
	faultyTransition,
	malformedText,
	contentType,
	proposalWithHostileGeometry,
	validProposal,
	savableProposal,
	bodyText,
	type Body
} from './fuzz/bodies.ts';
import {
	ANONYMOUS,
	checkAnswer,
	readApiState,
	send,
	signInPeople,
	UnchangedUnlessAccepted,
	UNKNOWN_PROPOSAL,
	runs,
	timeLimit,
	type Caller,
	type Lang,
	type People
} from './fuzz/client.ts';
import { hostileSegment } from './fuzz/hostile.ts';

const RUNS = runs(50);
test.describe.configure({ timeout: timeLimit(60_000) });

/** Every refusal a write can meet. */
const WRITE_CODES = [
	'invalid_json',
	'invalid_field',
	'too_large',
	'sign_in_needed',
	'not_allowed',
	'proposal_not_found',
	'version_conflict'
];

/** A fresh proposal of the planner's, a draft or submitted to the reviewers. */
async function proposalOf(baseURL: string, planner: Caller, state: 'draft' | 'submitted') {
	const created = await send(baseURL, planner, {
		method: 'POST',
		target: '/api/v1/proposals',
		contentType: 'application/json',
		body: JSON.stringify({
			title: 'Bersaglio delle prove di proprietà',
			geometry: LINE_LUCCA_CAPANNORI
		})
	});
	expect(created.status, created.text).toBe(201);
	const { id } = JSON.parse(created.text) as { id: string };
	if (state === 'submitted') {
		const submitted = await send(baseURL, planner, {
			method: 'POST',
			target: `/api/v1/proposals/${id}/transition`,
			contentType: 'application/json',
			body: JSON.stringify({ to: 'submitted', version: 1 })
		});
		expect(submitted.status, submitted.text).toBe(200);
	}
	return id;
}

/** `?lang=en` or not: refusals must come in the asked language. */
const lang = fc.constantFrom<Lang>('it', 'en');
const withLang = (target: string, language: Lang) =>
	language === 'en' ? `${target}${target.includes('?') ? '&' : '?'}lang=en` : target;

/**
 * Sends each generated request and checks it against the API's state: the shared body of the
 * write properties below.
 */
async function writeProperty<T>(options: {
	baseURL: string;
	people: People;
	targetId?: string;
	arbitrary: fc.Arbitrary<T>;
	request: (value: T) => {
		caller: Caller;
		method: 'POST' | 'PATCH';
		target: string;
		body: Body;
		contentType?: string | null;
		lang: Lang;
	};
	mustRefuse?: boolean;
	/** Refusals this property can meet besides a write's own. */
	otherCodes?: readonly string[];
	what: string;
}) {
	const { baseURL, people, targetId } = options;
	const watch = await UnchangedUnlessAccepted.start(() => readApiState(baseURL, people, targetId));
	await fc.assert(
		fc.asyncProperty(options.arbitrary, async (value) => {
			const r = options.request(value);
			const answer = await send(baseURL, r.caller, {
				method: r.method,
				target: withLang(r.target, r.lang),
				body: r.body.text,
				contentType: r.contentType === undefined ? 'application/json' : r.contentType
			});
			const outcome = await watch.check(answer, r.lang, [
				...WRITE_CODES,
				...(options.otherCodes ?? [])
			]);
			if (options.mustRefuse) expect(outcome, `${answer.asked} was accepted`).not.toBe('accepted');
		}),
		{ numRuns: RUNS }
	);
	watch.report(options.what);
	// The generators are built so that most bodies are invalid, each in a known way.
	expect(watch.refused).toBeGreaterThan(watch.accepted);
}

test('anonymous: no body on any write endpoint is accepted, and nothing changes', async ({
	baseURL
}) => {
	const people = await signInPeople(baseURL!);
	const target = await proposalOf(baseURL!, people.planner, 'submitted');
	const write = fc.oneof(
		fc.record({
			path: fc.constant('/api/v1/proposals'),
			method: fc.constant('POST' as const),
			body: fc.oneof(faultyProposal, validProposal.map(bodyText))
		}),
		fc.record({
			path: fc.constant(`/api/v1/proposals/${target}`),
			method: fc.constant('PATCH' as const),
			body: faultyProposalEdit
		}),
		fc.record({
			path: fc.constant(`/api/v1/proposals/${target}/transition`),
			method: fc.constant('POST' as const),
			body: faultyTransition
		}),
		fc.record({
			path: fc.constant(`/api/v1/proposals/${target}/comments`),
			method: fc.constant('POST' as const),
			body: faultyComment
		})
	);
	await writeProperty({
		baseURL: baseURL!,
		people,
		targetId: target,
		arbitrary: fc.tuple(write, lang),
		request: ([w, language]) => ({
			caller: ANONYMOUS,
			method: w.method,
			target: w.path,
			body: w.body,
			lang: language
		}),
		mustRefuse: true,
		what: 'anonymous writes'
	});
});

for (const role of ['planner', 'reviewer'] as const) {
	test(`${role}: a new proposal with one fault in its body is refused and changes nothing`, async ({
		baseURL
	}) => {
		const people = await signInPeople(baseURL!);
		await writeProperty({
			baseURL: baseURL!,
			people,
			arbitrary: fc.tuple(faultyProposal, lang),
			request: ([body, language]) => ({
				caller: people[role],
				method: 'POST',
				target: '/api/v1/proposals',
				body,
				lang: language
			}),
			what: `${role} POST /api/v1/proposals`
		});
	});

	test(`${role}: an edit with one fault in its body is refused and changes nothing`, async ({
		baseURL
	}) => {
		const people = await signInPeople(baseURL!);
		// The planner edits their own draft; the reviewer tries a submitted proposal of someone else.
		const target = await proposalOf(
			baseURL!,
			people.planner,
			role === 'planner' ? 'draft' : 'submitted'
		);
		await writeProperty({
			baseURL: baseURL!,
			people,
			targetId: target,
			arbitrary: fc.tuple(faultyProposalEdit, lang),
			request: ([body, language]) => ({
				caller: people[role],
				method: 'PATCH',
				target: `/api/v1/proposals/${target}`,
				body,
				lang: language
			}),
			what: `${role} PATCH /api/v1/proposals/{id}`
		});
	});

	test(`${role}: a transition with any body is refused unless allowed, and changes nothing when refused`, async ({
		baseURL
	}) => {
		const people = await signInPeople(baseURL!);
		const target = await proposalOf(
			baseURL!,
			people.planner,
			role === 'planner' ? 'draft' : 'submitted'
		);
		await writeProperty({
			baseURL: baseURL!,
			people,
			targetId: target,
			arbitrary: fc.tuple(faultyTransition, lang),
			request: ([body, language]) => ({
				caller: people[role],
				method: 'POST',
				target: `/api/v1/proposals/${target}/transition`,
				body,
				lang: language
			}),
			what: `${role} POST /api/v1/proposals/{id}/transition`
		});
	});

	test(`${role}: a comment with one fault in its body is refused and changes nothing`, async ({
		baseURL
	}) => {
		const people = await signInPeople(baseURL!);
		const target = await proposalOf(baseURL!, people.planner, 'submitted');
		await writeProperty({
			baseURL: baseURL!,
			people,
			targetId: target,
			arbitrary: fc.tuple(faultyComment, lang),
			request: ([body, language]) => ({
				caller: people[role],
				method: 'POST',
				target: `/api/v1/proposals/${target}/comments`,
				body,
				lang: language
			}),
			what: `${role} POST /api/v1/proposals/{id}/comments`
		});
	});
}

test('planner: hostile GeoJSON in a proposal is refused and changes nothing', async ({
	baseURL
}) => {
	const people = await signInPeople(baseURL!);
	await writeProperty({
		baseURL: baseURL!,
		people,
		arbitrary: fc.tuple(proposalWithHostileGeometry, lang),
		request: ([body, language]) => ({
			caller: people.planner,
			method: 'POST',
			target: '/api/v1/proposals',
			body,
			lang: language
		}),
		what: 'planner POST /api/v1/proposals with hostile GeoJSON'
	});
});

test('planner: malformed JSON and wrong content types on every write endpoint change nothing', async ({
	baseURL
}) => {
	const people = await signInPeople(baseURL!);
	const target = await proposalOf(baseURL!, people.planner, 'submitted');
	const endpoint = fc.constantFrom(
		{ method: 'POST' as const, path: '/api/v1/proposals' },
		{ method: 'PATCH' as const, path: `/api/v1/proposals/${target}` },
		{ method: 'POST' as const, path: `/api/v1/proposals/${target}/transition` },
		{ method: 'POST' as const, path: `/api/v1/proposals/${target}/comments` }
	);
	const body = fc.oneof(
		{ weight: 4, arbitrary: malformedText },
		{ weight: 1, arbitrary: faultyProposal }
	);
	await writeProperty({
		baseURL: baseURL!,
		people,
		targetId: target,
		arbitrary: fc.tuple(endpoint, body, contentType, lang),
		request: ([e, b, type, language]) => ({
			caller: people.planner,
			method: e.method,
			target: e.path,
			body: b,
			contentType: type,
			lang: language
		}),
		what: 'planner malformed bodies'
	});
});

test('planner: hostile proposal ids in write paths are refused and change nothing', async ({
	baseURL
}) => {
	const people = await signInPeople(baseURL!);
	const write = fc.constantFrom(
		{
			method: 'PATCH' as const,
			suffix: '',
			body: { title: 'x', geometry: LINE_LUCCA_CAPANNORI, version: 1 }
		},
		{ method: 'POST' as const, suffix: '/transition', body: { to: 'submitted', version: 1 } },
		{ method: 'POST' as const, suffix: '/comments', body: { body: 'Un commento.' } }
	);
	await writeProperty({
		baseURL: baseURL!,
		people,
		arbitrary: fc.tuple(fc.oneof(fc.constant(UNKNOWN_PROPOSAL), hostileSegment), write, lang),
		request: ([id, w, language]) => ({
			caller: people.planner,
			method: w.method,
			target: `/api/v1/proposals/${id}${w.suffix}`,
			body: bodyText(w.body),
			lang: language
		}),
		mustRefuse: true,
		// A dot segment leaves the proposal's routes; broken percent-encoding is no address at all.
		otherCodes: ['not_found', 'method_not_allowed', 'malformed_url'],
		what: 'planner writes to hostile ids'
	});
});

test('whatever a planner can save, a reviewer can take through to adoption without a server error', async ({
	baseURL
}) => {
	const people = await signInPeople(baseURL!);
	const post = (caller: Caller, target: string, body: unknown) =>
		send(baseURL!, caller, {
			method: 'POST',
			target,
			contentType: 'application/json',
			body: JSON.stringify(body)
		});
	let adopted = 0;
	await fc.assert(
		fc.asyncProperty(savableProposal, async (proposal) => {
			const created = await post(people.planner, '/api/v1/proposals', proposal);
			if (checkAnswer(created, 'it', WRITE_CODES) === 'refused') return;
			const { id } = JSON.parse(created.text) as { id: string };
			const steps: [Caller, string, number][] = [
				[people.planner, 'submitted', 1],
				[people.reviewer, 'under_review', 2],
				[people.reviewer, 'adopted', 3]
			];
			for (const [caller, to, version] of steps) {
				const moved = await post(caller, `/api/v1/proposals/${id}/transition`, { to, version });
				expect(moved.status, `${to}: ${moved.text}`).toBe(200);
			}
			adopted++;
		}),
		{ numRuns: runs(25) }
	);
	console.log(`adoption: ${adopted} generated proposals saved and adopted`);
	expect(adopted).toBeGreaterThan(0);
});
