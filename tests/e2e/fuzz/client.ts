// The property-based API tests talk to the built atlas with plain fetch: no cookie jar, so every
// request says exactly who asks (a session cookie or none) and in which language.
import { isDeepStrictEqual } from 'node:util';
import { expect, test } from '@playwright/test';
import { en } from '../../../src/lib/i18n/messages/en.ts';
import { it as italian } from '../../../src/lib/i18n/messages/it.ts';
import { E2E_ACCOUNTS, E2E_PASSWORD } from '../accounts.ts';

export type Lang = 'it' | 'en';

/**
 * How many generated inputs a property tries: its usual count, times PROPERTY_RUNS_SCALE for a
 * deeper search by hand (the suite keeps to its usual counts to stay quick on two cores).
 */
const RUN_SCALE = Number(process.env.PROPERTY_RUNS_SCALE ?? 1);
export const runs = (usual: number) => Math.max(1, Math.round(usual * RUN_SCALE));
/** A test's time limit, grown with the number of runs. */
export const timeLimit = (usual: number) => usual * Math.max(1, RUN_SCALE);

/** Who asks: a member's session cookie, or nobody. */
export interface Caller {
	who: string;
	cookie: string | null;
}

export const ANONYMOUS: Caller = { who: 'anonymous', cookie: null };

export interface Call {
	method?: 'GET' | 'POST' | 'PATCH';
	/** Path and query exactly as sent (percent-encoding included). */
	target: string;
	body?: string;
	/** null: no content-type header at all. */
	contentType?: string | null;
}

export interface Answer {
	status: number;
	contentType: string;
	text: string;
	/** What was asked, for failure messages. */
	asked: string;
}

/** Signs in over HTTP, as the sign-in form posts, and keeps the session cookie. */
export async function signInOverHttp(
	baseURL: string,
	who: 'fuzzPlanner' | 'fuzzReviewer'
): Promise<Caller> {
	const response = await fetch(new URL('/accedi', baseURL), {
		method: 'POST',
		redirect: 'manual',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: E2E_ACCOUNTS[who].email, password: E2E_PASSWORD })
	});
	const cookie = response.headers
		.getSetCookie()
		.map((header) => header.split(';')[0])
		.find((pair) => pair.startsWith('atlas_session='));
	expect(cookie, `signing in as ${who}`).toBeTruthy();
	return { who, cookie: cookie! };
}

export type People = { planner: Caller; reviewer: Caller };

/** The property tests' planner and reviewer, each with a fresh session. */
export async function signInPeople(baseURL: string): Promise<People> {
	return {
		planner: await signInOverHttp(baseURL, 'fuzzPlanner'),
		reviewer: await signInOverHttp(baseURL, 'fuzzReviewer')
	};
}

export async function send(baseURL: string, caller: Caller, call: Call): Promise<Answer> {
	const method = call.method ?? 'GET';
	const headers: Record<string, string> = {};
	if (caller.cookie) headers.cookie = caller.cookie;
	if (call.contentType) headers['content-type'] = call.contentType;
	// A body without a declared type: fetch would add text/plain, so send bytes instead.
	const body =
		call.body === undefined || call.contentType !== null
			? call.body
			: new TextEncoder().encode(call.body);
	const response = await fetch(new URL(call.target, baseURL), {
		method,
		headers,
		body,
		redirect: 'manual'
	});
	return {
		status: response.status,
		contentType: response.headers.get('content-type') ?? '',
		text: await response.text(),
		asked: `${method} ${call.target} as ${caller.who}${call.body === undefined ? '' : ` with a body of ${call.body.length} characters`}`
	};
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A catalogue message as a pattern: its {placeholders} match anything. */
const pattern = (template: string) =>
	new RegExp(
		`^${template
			.split(/\{\w+\}/)
			.map(escapeRegExp)
			.join('[\\s\\S]*')}$`
	);
const literalLength = (template: string) => template.replace(/\{\w+\}/g, '').length;

/** The API answers with these messages only (an interface label like «{ambito}» would match anything). */
const errorKeys = Object.keys(italian).filter((key) => /^(api|problem)\./.test(key));

function catalogue(own: Record<string, string>, other: Record<string, string>) {
	return {
		own: errorKeys.map((key) => pattern(own[key])),
		// The other language's messages that differ from ours and are more than a placeholder.
		otherOnly: errorKeys
			.filter((key) => other[key] !== own[key] && literalLength(other[key]) >= 4)
			.map((key) => pattern(other[key]))
	};
}
const catalogues: Record<Lang, ReturnType<typeof catalogue>> = {
	it: catalogue(italian, en),
	en: catalogue(en, italian)
};

/** Whether a message is one of the language's catalogue messages and none of the other's. */
export function isInLanguage(message: string, lang: Lang): boolean {
	const { own, otherOnly } = catalogues[lang];
	return own.some((p) => p.test(message)) && !otherOnly.some((p) => p.test(message));
}

/** The language the API answers in: `?lang=en` first in the query, otherwise Italian (no cookie). */
export function expectedLang(langParams: readonly string[]): Lang {
	return langParams[0] === 'en' ? 'en' : 'it';
}

export type Outcome = 'accepted' | 'redirected' | 'refused';

/**
 * Never a server error; every error is `{ error: { code, message } }` with a message of the
 * catalogue in the asked language, and a code among `codes` when given.
 * Returns whether the request was accepted (2xx), redirected (3xx: `/api/v1/x/` → `/api/v1/x`)
 * or refused (4xx).
 */
export function checkAnswer(answer: Answer, lang: Lang, codes?: readonly string[]): Outcome {
	const context = `${answer.asked} → ${answer.status} ${answer.text.slice(0, 300)}`;
	expect(answer.status, context).toBeLessThan(500);
	if (answer.status < 300) return 'accepted';
	if (answer.status < 400) return 'redirected';
	expect(answer.contentType, context).toContain('application/json');
	const body = JSON.parse(answer.text);
	expect(Object.keys(body), context).toEqual(['error']);
	expect(Object.keys(body.error).sort(), context).toEqual(['code', 'message']);
	expect(body.error.code, context).toMatch(/^[a-z_]+$/);
	if (codes) expect(codes, context).toContain(body.error.code);
	expect(typeof body.error.message, context).toBe('string');
	expect(body.error.message.trim(), context).not.toBe('');
	expect(isInLanguage(body.error.message, lang), `${context}: not in ${lang}`).toBe(true);
	return 'refused';
}

/** What the API shows of the data a write could change. */
export interface ApiState {
	interventions: unknown;
	plannerProposals: unknown;
	reviewerProposals: unknown;
	target: unknown;
}

async function readJson(baseURL: string, caller: Caller, target: string): Promise<unknown> {
	const answer = await send(baseURL, caller, { target });
	expect(answer.status, answer.asked).toBe(200);
	return JSON.parse(answer.text);
}

/**
 * The full interventions collection, the proposals list as the planner and as the reviewer, and
 * the targeted proposal as its proponent sees it (version, fields, comments, history).
 */
export async function readApiState(
	baseURL: string,
	people: People,
	targetId?: string
): Promise<ApiState> {
	const [interventions, plannerProposals, reviewerProposals, target] = await Promise.all([
		readJson(baseURL, ANONYMOUS, '/api/v1/interventions'),
		readJson(baseURL, people.planner, '/api/v1/proposals'),
		readJson(baseURL, people.reviewer, '/api/v1/proposals'),
		targetId ? readJson(baseURL, people.planner, `/api/v1/proposals/${targetId}`) : null
	]);
	return { interventions, plannerProposals, reviewerProposals, target };
}

/**
 * The API shows what it showed. Compared here first: Playwright records every expect with its
 * values, and thousands of multi-megabyte states would fill the test runner's memory; expect
 * draws the difference when there is one.
 */
export function expectUnchanged(now: ApiState, before: ApiState, message: string) {
	if (!isDeepStrictEqual(now, before)) expect(now, message).toEqual(before);
}

/**
 * Follows a series of requests: after every refused (or redirected) one, the API must show
 * exactly what it showed before it; an accepted one (a generated body that happens to be valid)
 * is counted and becomes the new reference.
 */
export class UnchangedUnlessAccepted {
	accepted = 0;
	refused = 0;
	redirected = 0;
	#state: ApiState;
	readonly #read: () => Promise<ApiState>;

	private constructor(state: ApiState, read: () => Promise<ApiState>) {
		this.#state = state;
		this.#read = read;
	}

	static async start(read: () => Promise<ApiState>) {
		return new UnchangedUnlessAccepted(await read(), read);
	}

	async check(answer: Answer, lang: Lang, codes?: readonly string[]) {
		const outcome = checkAnswer(answer, lang, codes);
		const now = await this.#read();
		this[outcome]++;
		if (outcome !== 'accepted')
			expectUnchanged(now, this.#state, `${answer.asked} was ${outcome} but changed data`);
		this.#state = now;
		return outcome;
	}

	/** Records how many generated requests were accepted, in the report and on the console. */
	report(what: string) {
		const redirected = this.redirected ? `, ${this.redirected} redirected (3xx)` : '';
		const description = `${what}: ${this.refused} refused (4xx), ${this.accepted} accepted (2xx)${redirected}`;
		test.info().annotations.push({ type: 'generated', description });
		console.log(description);
	}
}

/** A uuid-shaped id nobody has. */
export const UNKNOWN_PROPOSAL = '00000000-0000-4000-8000-000000000000';
