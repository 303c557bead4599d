import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import { getAtlas, getDatabase } from '#lib/server/atlas.ts';
import { administration, referenceNamesSchema, roleSchema } from '#lib/server/administration.ts';
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
	return { members, ambiti, guidelines };
};

const roleForm = z.object({ user_id: z.uuid({ error: 'problem.invalid' }), role: roleSchema });
const renameForm = referenceNamesSchema.extend({
	table: z.enum(['ambito', 'guideline'], { error: 'problem.invalid' }),
	code: z.coerce.number({ error: 'problem.invalid' }).int('problem.invalid')
});

/** Runs one admin change; a refusal comes back as the form's message, naming what it was about. */
async function change(
	event: Parameters<Actions[string]>[0],
	form: string,
	work: (values: Record<string, string>) => Promise<void>
) {
	const values = await readForm(event.request);
	const target = values.user_id ?? `${values.table}-${values.code}`;
	try {
		await work(values);
	} catch (problem) {
		const lang = event.locals.lang;
		if (problem instanceof z.ZodError) {
			const field = fieldLabel(lang, 'admin.field', String(problem.issues[0].path[0] ?? 'body'));
			return fail(400, { form, target, message: invalidFieldMessage(lang, problem, field) });
		}
		if (problem instanceof RefusalError)
			return fail(problem.status, { form, target, message: refusalMessage(lang, problem) });
		throw problem;
	}
	return { form, target, ok: true };
}

export const actions: Actions = {
	role: membersOnlyAction('role', (event) =>
		change(event, 'role', async (values) => {
			const { user_id, role } = roleForm.parse(values);
			await (await admin()).setRole(identityOf(event), user_id, role);
		})
	),
	rename: membersOnlyAction('rename', (event) =>
		change(event, 'rename', async (values) => {
			const { table, code, ...names } = renameForm.parse(values);
			await (await admin()).rename(identityOf(event), table, code, names);
		})
	)
};
