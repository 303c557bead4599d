import { error, fail, json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { commentInputSchema, moderationInputSchema } from '../observation.ts';
import { translate } from '../i18n/index.ts';
import type { ItemKind } from '../types.ts';
import { apiError } from './api.ts';
import { getDatabase } from './atlas.ts';
import { readConfig } from './config.ts';
import { discussionQueries } from './discussions.ts';
import { answering, identityOf, membersOnly, membersOnlyAction } from './proposals-api.ts';
import { RefusalError } from './refusal.ts';
import { invalidFieldMessage, readJson, refusalMessage } from './request.ts';
import { checkWriteLimit, type WriteAction } from './write-limits.ts';

export async function discussions() {
	return discussionQueries(await getDatabase());
}

/** Observations and proposals are named by UUIDs, interventions by their slug. */
const ITEM_ID: Record<ItemKind, z.ZodType<string>> = {
	observation: z.uuid(),
	proposal: z.uuid(),
	intervention: z
		.string()
		.max(80)
		.regex(/^[a-z0-9][a-z0-9-]*$/)
};

export const isItemId = (kind: ItemKind, id: string | undefined) =>
	ITEM_ID[kind].safeParse(id).success;

export const itemNotFound = (event: RequestEvent, kind: ItemKind) =>
	apiError(404, `${kind}_not_found`, translate(event.locals.lang, 'problem.notFound'));

/**
 * Counts the write against the account's and the address's hourly limits (kept in the database);
 * over either, a RefusalError 429 in the user's language.
 */
export async function limitWrites(event: RequestEvent, action: WriteAction) {
	const member = event.locals.member;
	if (!member) throw new RefusalError(401, 'problem.signInNeeded');
	await checkWriteLimit(
		await getDatabase(),
		action,
		{ userId: member.user_id, address: event.getClientAddress() },
		readConfig().ATLAS_WRITE_LIMIT_FACTOR
	);
}

/** `POST` supports the item (201 the first time, 200 with the same count after); `DELETE` withdraws. */
export function supportRoutes(kind: ItemKind) {
	return {
		POST: membersOnly(async (event: RequestEvent) => {
			if (!isItemId(kind, event.params.id)) return itemNotFound(event, kind);
			return answering(event, async () => {
				await limitWrites(event, 'support');
				const result = await (
					await discussions()
				).support(identityOf(event), kind, event.params.id!);
				return json(result, { status: result.created ? 201 : 200 });
			});
		}),
		DELETE: membersOnly(async (event: RequestEvent) => {
			if (!isItemId(kind, event.params.id)) return itemNotFound(event, kind);
			return answering(event, async () =>
				json(await (await discussions()).withdrawSupport(identityOf(event), kind, event.params.id!))
			);
		})
	};
}

/** `POST` a comment, or a reply (`parent_id`) to a top-level comment: 201 with its id. */
export function commentRoute(kind: ItemKind) {
	return membersOnly(async (event: RequestEvent) => {
		if (!isItemId(kind, event.params.id)) return itemNotFound(event, kind);
		const body = await readJson(event, commentInputSchema);
		if (!body.ok) return body.response;
		return answering(event, async () => {
			await limitWrites(event, 'comment');
			return json(
				await (
					await discussions()
				).addComment(identityOf(event), kind, event.params.id!, body.value),
				{ status: 201 }
			);
		});
	});
}

const formSchemas = {
	comment: z.object({
		body: z.string(),
		parent_id: z
			.string()
			.optional()
			.transform((v) => (v ? Number(v) : null))
	}),
	moderate: z.object({ target: z.enum(['observation', 'comment']), id: z.string().min(1) })
};

/** A refusal as the page's form shows it: the message in the person's language. */
export function formRefusal(
	lang: App.Locals['lang'],
	problem: unknown,
	form: string,
	field?: string
) {
	if (problem instanceof z.ZodError)
		return fail(400, { form, message: invalidFieldMessage(lang, problem, field) });
	if (problem instanceof RefusalError)
		return fail(problem.status, { form, message: refusalMessage(lang, problem) });
	throw problem;
}

/**
 * The form actions of an item's page (they work without JavaScript): support, withdraw, comment
 * or reply, and moderate a comment (or the observation itself).
 */
export function discussionActions(kind: ItemKind) {
	const idOf = (event: RequestEvent) => {
		if (!isItemId(kind, event.params.id))
			error(404, translate(event.locals.lang, 'problem.notFound'));
		return event.params.id!;
	};
	const run = (
		form: string,
		work: (event: RequestEvent, values: Record<string, string>) => Promise<void>,
		field?: string
	) =>
		membersOnlyAction(form, async (event: RequestEvent) => {
			const values = Object.fromEntries(
				[...(await event.request.formData())].map(([k, v]) => [k, String(v)])
			);
			try {
				await work(event, values);
			} catch (problem) {
				return formRefusal(event.locals.lang, problem, form, field);
			}
			return { form, ok: true, target: values.parent_id ?? values.id ?? null };
		});
	return {
		support: run('support', async (event) => {
			await limitWrites(event, 'support');
			await (await discussions()).support(identityOf(event), kind, idOf(event));
		}),
		unsupport: run('support', async (event) => {
			await (await discussions()).withdrawSupport(identityOf(event), kind, idOf(event));
		}),
		comment: run(
			'comment',
			async (event, values) => {
				const input = commentInputSchema.parse(formSchemas.comment.parse(values));
				await limitWrites(event, 'comment');
				await (await discussions()).addComment(identityOf(event), kind, idOf(event), input);
			},
			'body'
		),
		moderate: run('moderate', async (event, values) => {
			const { target, id } = formSchemas.moderate.parse(values);
			const decision = moderationInputSchema.parse({
				action: values.action,
				reason: values.reason || undefined,
				note: values.note?.trim() ? values.note : null
			});
			// The observation itself only from its own page; a comment from its item's page.
			const itemId = target === 'observation' ? idOf(event) : id;
			if (target === 'observation' && kind !== 'observation')
				throw new RefusalError(400, 'problem.moderationAction');
			await (await discussions()).moderate(identityOf(event), target, itemId, decision);
		})
	};
}
