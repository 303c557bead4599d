import type { Geometry } from 'geojson';
import type { ProposalInput } from '../proposals.ts';
import type { Database, Queryable } from './db/engine.ts';
import { asIdentity, batchAsIdentity, type Identity } from './db/identity.ts';
import { saveIntervention, setActor } from './db/save-intervention.ts';
import { checkedDrawingImpact, type Impact } from './impact-queries.ts';
import { readDiscussion } from './discussions.ts';
import { RefusalError } from './refusal.ts';

export interface ProposalRecord extends Omit<ProposalInput, 'distance_km'> {
	id: string;
	status: 'draft' | 'submitted' | 'under_review' | 'adopted' | 'rejected';
	version: number;
	proponent_id: string;
	proponent_name: string | null;
	organisation: string | null;
	impact: Impact;
	rejection_reason: string | null;
	intervention_id: string | null;
	/** The observation this proposal was made from, if any. */
	observation_id: string | null;
	/** The adopted intervention's code (only on a single proposal's record). */
	intervention_code?: string | null;
	created_at: string;
	updated_at: string;
}

const COLUMNS = `p.id, p.title, p.description, ST_AsGeoJSON(p.geom, 7) as geometry, p.primary_ambito,
	p.guidelines, p.estimated_cost_eur, p.cost_basis, p.funding_hypotheses, p.start_date, p.end_date,
	p.status, p.version, p.proponent_id, p.organisation, p.impact, p.rejection_reason, p.intervention_id,
	p.observation_id,
	to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
	to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as updated_at`;

const json = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

function recordOf(row: Record<string, unknown>): ProposalRecord {
	return {
		...(row as unknown as ProposalRecord),
		geometry: JSON.parse(String(row.geometry)) as ProposalRecord['geometry'],
		guidelines: (row.guidelines as number[]).map(Number),
		estimated_cost_eur: row.estimated_cost_eur === null ? null : Number(row.estimated_cost_eur),
		impact: json<Impact>(row.impact),
		proponent_name: (row.proponent_name as string | null) ?? null
	};
}

/** Translates what the database refused into the refusal a person understands. */
function refusal(error: unknown): never {
	const { code, message } = error as { code?: string; message?: string };
	if (code === '40001' || /changed by someone else/.test(message ?? ''))
		throw new RefusalError(409, 'problem.conflict');
	if (code === '42501' || /row-level security|not allowed|permission denied/.test(message ?? ''))
		throw new RefusalError(403, 'problem.notAllowed');
	if (/proposal_geom_check|ST_IsValid/i.test(message ?? ''))
		throw new RefusalError(400, 'problem.field', {
			field: 'geometry',
			problem: 'problem.invalidGeometry'
		});
	throw error;
}

export function proposalQueries(db: Database) {
	const checkedImpact = (geometry: Geometry, distanceKm: number | undefined) =>
		checkedDrawingImpact(db, geometry, distanceKm);
	const values = (input: ProposalInput, impact: Impact) => [
		input.title,
		input.description,
		JSON.stringify(input.geometry),
		input.primary_ambito,
		input.guidelines,
		input.estimated_cost_eur,
		input.cost_basis,
		input.funding_hypotheses,
		input.start_date,
		input.end_date,
		JSON.stringify(impact)
	];

	return {
		/** Saves a new draft by the signed-in person, with its impact computed by PostGIS. */
		async createProposal(identity: Identity, input: ProposalInput) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			const impact = await checkedImpact(input.geometry, input.distance_km);
			// One message to the database: the identity and the insert travel together.
			const [[row]] = await batchAsIdentity<{ id: string; version: number }>(db, identity, [
				{
					text: `insert into public.proposal (title, description, geom, primary_ambito, guidelines,
						estimated_cost_eur, cost_basis, funding_hypotheses, start_date, end_date, impact, organisation)
					 values ($1, $2, ST_SetSRID(ST_GeomFromGeoJSON($3), 4326), $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb,
						(select organisation from public.member where user_id = auth.uid()))
					 returning id, version`,
					params: values(input, impact)
				}
			]).catch(refusal);
			return { ...row, impact };
		},

		/** Saves changes to a proposal read at `version`; refused if someone saved in between. */
		async updateProposal(identity: Identity, id: string, version: number, input: ProposalInput) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			const impact = await checkedImpact(input.geometry, input.distance_km);
			const [rows] = await batchAsIdentity<{ id: string; version: number }>(db, identity, [
				{
					text: `update public.proposal set title = $1, description = $2,
						geom = ST_SetSRID(ST_GeomFromGeoJSON($3), 4326), primary_ambito = $4, guidelines = $5,
						estimated_cost_eur = $6, cost_basis = $7, funding_hypotheses = $8, start_date = $9,
						end_date = $10, impact = $11::text::jsonb, version = $13
					 where id = $12 returning id, version`,
					params: [...values(input, impact), id, version]
				}
			]).catch(refusal);
			if (!rows.length) throw await this.whyNot(identity, id);
			return { ...rows[0], impact };
		},

		/**
		 * Moves a proposal along the workflow. Adopting it creates an intervention from it, in the
		 * same transaction, linked back to the proposal.
		 */
		async transitionProposal(
			identity: Identity,
			id: string,
			change: { to: ProposalRecord['status']; version: number; reason?: string | null }
		) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			// The database refuses it too (a check); said here first, in the person's words.
			if (change.to === 'rejected' && !change.reason?.trim())
				throw new RefusalError(400, 'problem.field', {
					field: 'reason',
					problem: 'problem.empty'
				});
			const rows = await asIdentity(db, identity, async (tx) => {
				// The intervention first, so the proposal can point to it; if the move is refused,
				// the whole transaction (intervention included) is rolled back.
				const interventionId = change.to === 'adopted' ? await adopt(tx, id) : null;
				return tx.query<{ id: string; version: number }>(
					`update public.proposal set status = $1, rejection_reason = coalesce($2, rejection_reason),
						intervention_id = coalesce($5, intervention_id), version = $3
					 where id = $4 returning id, version`,
					[change.to, change.reason ?? null, change.version, id, interventionId]
				);
			}).catch(refusal);
			if (!rows.length) throw await this.whyNot(identity, id);
			return rows[0];
		},

		/** A proposal as the person may see it, with its discussion and transitions; null if hidden. */
		async getProposal(identity: Identity, id: string) {
			return asIdentity(db, identity, async (tx) => {
				const [row] = await tx.query<Record<string, unknown>>(
					`select ${COLUMNS}, public.member_name(p.proponent_id) as proponent_name,
						(select i.code from public.intervention i where i.id = p.intervention_id) as intervention_code
					 from public.proposal p where p.id = $1`,
					[id]
				);
				if (!row) return null;
				const [discussion, transitions] = await Promise.all([
					readDiscussion(tx, identity, 'proposal', id),
					tx.query(
						`select t.from_status, t.to_status, t.reason, public.member_name(t.changed_by) as by,
							to_char(t.changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as changed_at
						 from public.proposal_transition t
						 where t.proposal_id = $1 order by t.id`,
						[id]
					)
				]);
				return { ...recordOf(row), ...discussion, transitions };
			});
		},

		/** The proposals the person may see, newest first. */
		async listProposals(identity: Identity) {
			const rows = await asIdentity(db, identity, (tx) =>
				tx.query<Record<string, unknown>>(
					`select ${COLUMNS}, null as proponent_name from public.proposal p order by p.updated_at desc`
				)
			);
			return rows.map(recordOf);
		},

		/** Why an update touched nothing: the proposal is hidden (404) or not the person's to change (403). */
		async whyNot(identity: Identity, id: string): Promise<RefusalError> {
			const visible = await asIdentity(db, identity, (tx) =>
				tx.query('select 1 from public.proposal where id = $1', [id])
			);
			return visible.length
				? new RefusalError(403, 'problem.notAllowed')
				: new RefusalError(404, 'problem.notFound');
		}
	};
}

/** The intervention an adopted proposal becomes: its facts, with the proposal as their source. */
async function adopt(tx: Queryable, id: string): Promise<string | null> {
	const [p] = await tx.query<Record<string, unknown>>(
		`select p.id, p.title, p.description, ST_AsGeoJSON(p.geom, 7) as geometry, p.primary_ambito,
			p.guidelines, p.estimated_cost_eur, p.cost_basis, p.start_date, p.end_date, p.impact,
			to_char(now(), 'YYYY-MM-DD') as today
		 from public.proposal p where p.id = $1`,
		[id]
	);
	if (!p) return null;
	const interventionId = `proposta-${String(p.id).slice(0, 8)}`;
	const impact = json<Impact>(p.impact);
	// The reviewer who adopted it, named in the new intervention's history.
	const [who] = await tx.query<{ name: string | null }>(
		`select public.member_name(auth.uid()) as name`
	);
	await setActor(tx, `${who?.name ?? 'cabina di regia'} (proposta ${String(p.id).slice(0, 8)})`);
	await saveIntervention(
		tx,
		{
			id: interventionId,
			code: `PROP-${String(p.id).slice(0, 8).toUpperCase()}`,
			title_it: String(p.title),
			title_en: null,
			description_it: (p.description as string | null) ?? null,
			description_en: null,
			context_it: null,
			context_en: null,
			primary_ambito: (p.primary_ambito as number | null) ?? impact.suggested_ambito ?? null,
			secondary_ambiti: [],
			guidelines: (p.guidelines as number[]).map(Number),
			status: 'planned',
			status_source: `Proposta adottata dalla cabina di regia il ${p.today} (Atlante Lucca 2030)`,
			cost_eur: p.estimated_cost_eur === null ? null : Number(p.estimated_cost_eur),
			cost_source:
				p.estimated_cost_eur === null ? null : `Stima del proponente: ${String(p.cost_basis)}`,
			start_date: (p.start_date as string | null) ?? null,
			end_date: (p.end_date as string | null) ?? null,
			lead_body: null,
			actors: [],
			cup: null,
			regis_phase: null,
			regis_snapshot: null,
			features: [],
			municipalities: impact.municipalities.map((m) => m.istat),
			funding: [],
			sources: [
				{ title: `Proposta ${p.id} (Atlante Lucca 2030)`, url: null, date: String(p.today) }
			],
			geometry: JSON.parse(String(p.geometry))
		},
		'proposal'
	);
	return interventionId;
}
