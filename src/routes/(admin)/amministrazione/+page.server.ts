import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getAtlas, getDatabase } from '#lib/server/atlas.ts';
import {
	administration,
	referenceNamesSchema,
	roleSchema,
	type IssuedInvitation
} from '#lib/server/administration.ts';
import { newMemberSchema } from '#lib/server/auth/accounts.ts';
import { getAuthMode } from '#lib/server/auth/current-member.ts';
import { invitationPath } from '#lib/server/auth/invitations.ts';
import { RefusalError } from '#lib/server/refusal.ts';
import { identityOf, membersOnlyAction } from '#lib/server/proposals-api.ts';
import { fieldLabel, invalidFieldMessage, readForm, refusalMessage } from '#lib/server/request.ts';
import type { Actions, PageServerLoad } from './$types';

const admin = async () => administration(await getDatabase());

export const load: PageServerLoad = async (event) => {
	const atlas = await getAtlas();
	const [members, ambiti, guidelines] = await Promise.all([
		(await admin()).listMembers(identityOf(event)),
		atlas.listAmbiti(),
		atlas.listGuidelines()
	]);
	// Embedded mode: accounts are made here. Supabase mode: people sign up themselves.
	return { members, ambiti, guidelines, localAccounts: getAuthMode().kind === 'local' };
};

const memberForm = z.object({ user_id: z.uuid({ error: 'problem.invalid' }) });
const roleForm = memberForm.extend({ role: roleSchema });
const renameForm = referenceNamesSchema.extend({
	table: z.enum(['ambito', 'guideline'], { error: 'problem.invalid' }),
	code: z.coerce.number({ error: 'problem.invalid' }).int('problem.invalid')
});

type Event = Parameters<Actions[string]>[0];

/**
 * Runs one admin change; a refusal comes back as the form's message, naming what it was about,
 * with what was typed (the new account's form shows it again).
 */
async function change(
	event: Event,
	form: string,
	work: (values: Record<string, string>) => Promise<void | { invitation: IssuedInvitation }>
) {
	const values = await readForm(event.request);
	const target = values.user_id ?? (form === 'account' ? 'new' : `${values.table}-${values.code}`);
	try {
		const done = await work(values);
		return { form, target, ok: true, invitation: done ? linkOf(event, done.invitation) : null };
	} catch (problem) {
		const lang = event.locals.lang;
		if (problem instanceof z.ZodError) {
			const field = fieldLabel(lang, 'admin.field', String(problem.issues[0].path[0] ?? 'body'));
			return fail(400, {
				form,
				target,
				values,
				message: invalidFieldMessage(lang, problem, field)
			});
		}
		if (problem instanceof RefusalError)
			return fail(problem.status, { form, target, values, message: refusalMessage(lang, problem) });
		throw problem;
	}
}

/** What the admin is shown of a new link: its whole address, to send, and until when it works. */
const linkOf = (event: Event, { token, ...invitation }: IssuedInvitation) => ({
	...invitation,
	url: `${event.locals.origin}${invitationPath(token)}`
});

/** Local accounts exist only in embedded mode; with Supabase Auth people sign up themselves. */
function requireLocalAccounts() {
	if (getAuthMode().kind !== 'local') throw new RefusalError(400, 'account.supabaseMode');
}

export const actions: Actions = {
	role: membersOnlyAction('role', (event) =>
		change(event, 'role', async (values) => {
			const { user_id, role } = roleForm.parse(values);
			await (await admin()).setRole(identityOf(event), user_id, role);
		})
	),
	account: membersOnlyAction('account', (event) =>
		change(event, 'account', async (values) => {
			requireLocalAccounts();
			const account = newMemberSchema.parse(values);
			return { invitation: await (await admin()).createAccount(identityOf(event), account) };
		})
	),
	invitation: membersOnlyAction('invitation', (event) =>
		change(event, 'invitation', async (values) => {
			requireLocalAccounts();
			const { user_id } = memberForm.parse(values);
			return { invitation: await (await admin()).newInvitation(identityOf(event), user_id) };
		})
	),
	rename: membersOnlyAction('rename', (event) =>
		change(event, 'rename', async (values) => {
			const { table, code, ...names } = renameForm.parse(values);
			await (await admin()).rename(identityOf(event), table, code, names);
		})
	)
};
