import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { translate } from '#lib/i18n/index.ts';
import {
	ambitoCodeOf,
	statementEditSchema,
	statementVersionSchema
} from '#lib/ambito-statement.ts';
import { projectToSvg } from '#lib/map/svg-map.ts';
import { ambitoQueries } from '#lib/server/ambito-queries.ts';
import { getAtlas, getDatabase } from '#lib/server/atlas.ts';
import { identityOf, membersOnlyAction } from '#lib/server/proposals-api.ts';
import { RefusalError } from '#lib/server/refusal.ts';
import { fieldLabel, invalidFieldMessage, readForm, refusalMessage } from '#lib/server/request.ts';
import type { Geometry } from 'geojson';
import type { ZodError, ZodType } from 'zod';
import type { Actions, PageServerLoad } from './$types';

const queries = async () => ambitoQueries(await getDatabase());

export const load: PageServerLoad = async ({ params, locals }) => {
	const code = ambitoCodeOf(params.code);
	const profile = code === null ? null : await (await queries()).getAmbito(code);
	if (!profile)
		error(404, {
			message: translate(locals.lang, 'problem.ambitoNotFound', { code: params.code })
		});
	const atlas = await getAtlas();
	const [interventions, municipalities, ambiti] = await Promise.all([
		(await queries()).interventionsOf(code!),
		atlas.listMunicipalities(),
		atlas.listAmbiti()
	]);
	const own = interventions.features;
	const located = own.filter((f) => f.geometry).map((f) => f.geometry as Geometry);
	return {
		profile: profile!,
		ambiti,
		interventions: own.map((f) => f.properties),
		map: projectToSvg(municipalities, { width: 420, height: 380, padding: 8, overlay: located }),
		notLocated: own.length - located.length,
		canEdit: locals.member?.role === 'reviewer' || locals.member?.role === 'admin'
	};
};

/** A reviewer's change to the ambito's statements: the form's answer, or a redirect on success. */
async function changeStatements(
	event: RequestEvent,
	form: string,
	change: (values: Record<string, string>, actor: string) => Promise<unknown>
) {
	const lang = event.locals.lang;
	const code = ambitoCodeOf(event.params.code ?? '');
	if (code === null)
		error(404, {
			message: translate(lang, 'problem.ambitoNotFound', { code: event.params.code ?? '' })
		});
	const values = await readForm(event.request);
	const member = event.locals.member!;
	try {
		await change(values, member.display_name);
	} catch (problem) {
		if (problem instanceof InvalidForm)
			return fail(400, {
				form,
				values,
				message: invalidFieldMessage(
					lang,
					problem.error,
					fieldLabel(lang, 'ambito.field', problem.field)
				)
			});
		if (!(problem instanceof RefusalError)) throw problem;
		return fail(problem.status, { form, values, message: refusalMessage(lang, problem) });
	}
	redirect(303, `/ambiti/${code}?salvato=${form === 'remove' ? 'rimossa' : '1'}`);
}

/** A form field the schema refused: said back to the reviewer, in their language. */
class InvalidForm extends Error {
	readonly error: ZodError;
	readonly field: string;
	constructor(error: ZodError, field: string) {
		super('invalid form');
		this.error = error;
		this.field = field;
	}
}

function parse<T>(schema: ZodType<T>, values: Record<string, string>): T {
	const parsed = schema.safeParse(values);
	if (!parsed.success)
		throw new InvalidForm(parsed.error, String(parsed.error.issues[0].path[0] ?? 'body'));
	return parsed.data;
}

export const actions: Actions = {
	add: membersOnlyAction('add', (event) =>
		changeStatements(event, 'add', async (values, actor) => {
			const input = parse(statementEditSchema, values);
			await (
				await queries()
			).addStatement(identityOf(event), actor, Number(event.params.code), input);
		})
	),
	edit: membersOnlyAction('edit', (event) =>
		changeStatements(event, 'edit', async (values, actor) => {
			const { id, version } = parse(statementVersionSchema, values);
			const input = parse(statementEditSchema, values);
			await (await queries()).updateStatement(identityOf(event), actor, id, version, input);
		})
	),
	remove: membersOnlyAction('remove', (event) =>
		changeStatements(event, 'remove', async (values, actor) => {
			const { id, version } = parse(statementVersionSchema, values);
			await (await queries()).deleteStatement(identityOf(event), actor, id, version);
		})
	)
};
