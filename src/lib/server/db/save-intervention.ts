import type { Intervention } from '../../geodata/interventions.ts';
import type { Queryable } from './engine.ts';

export type InterventionOrigin = 'seed' | 'import' | 'proposal';

/** Names who makes the changes of this transaction in the interventions' history. */
export async function setActor(tx: Queryable, actor: string): Promise<void> {
	await tx.query(`select set_config('atlas.actor', $1, true)`, [actor]);
}

const fundingKey = (lines: Intervention['funding']) =>
	JSON.stringify(
		lines.map((l) => [
			l.kind,
			l.amount_eur === null ? null : Number(l.amount_eur),
			l.document,
			l.document_url,
			l.note
		])
	);

/**
 * Inserts or updates one intervention with its links and funding lines. The history triggers
 * record what changed; funding lines are only rewritten when they differ, so an unchanged
 * record leaves no trace in the history.
 */
export async function saveIntervention(
	tx: Queryable,
	intervention: Intervention,
	origin: InterventionOrigin
): Promise<void> {
	const i = intervention;
	await tx.query(
		`insert into public.intervention (id, code, title_it, title_en, description_it, description_en,
			context_it, context_en, primary_ambito, status, status_source, cost_eur, cost_source,
			start_date, end_date, lead_body, actors, cup, geom, sources, origin, regis_phase,
			regis_snapshot)
		 values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
			case when $19::text is null then null else ST_SetSRID(ST_GeomFromGeoJSON($19::text), 4326) end,
			$20::text::jsonb, $21, $22, $23::date)
		 on conflict (id) do update set code = excluded.code, title_it = excluded.title_it,
			title_en = excluded.title_en, description_it = excluded.description_it,
			description_en = excluded.description_en, context_it = excluded.context_it,
			context_en = excluded.context_en, primary_ambito = excluded.primary_ambito,
			status = excluded.status, status_source = excluded.status_source,
			cost_eur = excluded.cost_eur, cost_source = excluded.cost_source,
			start_date = excluded.start_date, end_date = excluded.end_date,
			lead_body = excluded.lead_body, actors = excluded.actors, cup = excluded.cup,
			geom = excluded.geom, sources = excluded.sources, regis_phase = excluded.regis_phase,
			regis_snapshot = excluded.regis_snapshot`,
		[
			i.id,
			i.code,
			i.title_it,
			i.title_en,
			i.description_it,
			i.description_en,
			i.context_it,
			i.context_en,
			i.primary_ambito,
			i.status,
			i.status_source,
			i.cost_eur,
			i.cost_source,
			i.start_date,
			i.end_date,
			i.lead_body,
			i.actors,
			i.cup,
			i.geometry ? JSON.stringify(i.geometry) : null,
			JSON.stringify(i.sources),
			origin,
			i.regis_phase,
			i.regis_snapshot
		]
	);
	await tx.query('delete from public.intervention_ambito where intervention_id = $1', [i.id]);
	for (const code of new Set(i.secondary_ambiti.filter((c) => c !== i.primary_ambito)))
		await tx.query(
			'insert into public.intervention_ambito (intervention_id, ambito_code) values ($1, $2)',
			[i.id, code]
		);
	await tx.query('delete from public.intervention_guideline where intervention_id = $1', [i.id]);
	for (const code of new Set(i.guidelines))
		await tx.query(
			'insert into public.intervention_guideline (intervention_id, guideline_code) values ($1, $2)',
			[i.id, code]
		);
	await tx.query('delete from public.intervention_municipality where intervention_id = $1', [i.id]);
	for (const istat of new Set(i.municipalities))
		await tx.query(
			'insert into public.intervention_municipality (intervention_id, istat) values ($1, $2)',
			[i.id, istat]
		);
	await tx.query('delete from public.intervention_feature where intervention_id = $1', [i.id]);
	for (const link of i.features)
		await tx.query(
			`insert into public.intervention_feature (intervention_id, layer_id, feature_id, relation)
			 values ($1, $2, $3, $4) on conflict do nothing`,
			[i.id, link.layer, link.id, link.relation]
		);
	const current = await tx.query<Intervention['funding'][number]>(
		`select kind, amount_eur, document, document_url, note from public.funding_line
		 where intervention_id = $1 order by id`,
		[i.id]
	);
	if (fundingKey(current) !== fundingKey(i.funding)) {
		await tx.query('delete from public.funding_line where intervention_id = $1', [i.id]);
		for (const line of i.funding)
			await tx.query(
				`insert into public.funding_line (intervention_id, kind, amount_eur, document, document_url, note)
				 values ($1, $2, $3, $4, $5, $6)`,
				[i.id, line.kind, line.amount_eur, line.document, line.document_url, line.note]
			);
	}
}
