import type { StatementEdit } from '../ambito-statement.ts';
import { ftthHouseholdShare } from '../geodata/agcom.ts';
import type {
	AmbitoFigure,
	AmbitoProfile,
	AmbitoStatementChange,
	AmbitoStatementRecord,
	Bilingual
} from '../types.ts';
import type { Database, Queryable } from './db/engine.ts';
import { asIdentity, type Identity } from './db/identity.ts';
import { setActor } from './db/save-intervention.ts';
import { interventionQueries } from './intervention-queries.ts';
import { RefusalError } from './refusal.ts';

/** A jsonb {it, en} as the drivers give it (parsed, or as text); null when absent. */
const bilingual = (value: unknown): Bilingual | null =>
	value == null ? null : ((typeof value === 'string' ? JSON.parse(value) : value) as Bilingual);

/** Figures that count a layer's features, by what they count. */
const LAYER_COUNTS: Record<
	Exclude<AmbitoFigure['key'], 'ftth_households'>,
	{ layer: string; kind: string }
> = {
	bottlenecks: { layer: 'bottlenecks', kind: 'bottleneck' },
	stations: { layer: 'bottlenecks', kind: 'station' },
	districts: { layer: 'districts', kind: 'district' },
	technology_poles: { layer: 'technology-poles', kind: 'technology-pole' },
	puccini_places: { layer: 'puccini', kind: 'puccini-place' },
	puccini_itineraries: { layer: 'puccini', kind: 'itinerary' }
};

/**
 * Which of the atlas's figures bear on each ambito: broadband on infrastructure (its digital
 * half) and digitalisation, the road and rail layer on infrastructure, districts and technology
 * poles on the supply chains, the Puccini places and itineraries on tourism and culture.
 */
export const FIGURES_OF_AMBITO: Record<number, AmbitoFigure['key'][]> = {
	1: ['bottlenecks', 'stations', 'ftth_households'],
	3: ['ftth_households'],
	5: ['districts', 'technology_poles'],
	6: ['puccini_places', 'puccini_itineraries']
};

/** What a reviewer writes of a statement. */
export type StatementInput = StatementEdit;

type StatementRow = StatementEdit & {
	id: string;
	source_licence: string | null;
	position: number;
	version: number;
	edited: boolean;
	updated_at: string;
};

const recordOf = (r: StatementRow): AmbitoStatementRecord => ({
	id: r.id,
	kind: r.kind,
	text: { it: r.text_it, en: r.text_en },
	source: {
		title: r.source_title,
		url: r.source_url,
		date: r.source_date,
		licence: r.source_licence
	},
	precision: r.precision,
	position: Number(r.position),
	version: Number(r.version),
	edited: r.edited,
	updated_at: r.updated_at
});

/** Translates what the database refused into the refusal a person understands. */
function refusal(error: unknown): never {
	const { code, message } = error as { code?: string; message?: string };
	if (code === '40001' || /changed by someone else/.test(message ?? ''))
		throw new RefusalError(409, 'problem.conflict');
	if (code === '42501' || /row-level security|permission denied/.test(message ?? ''))
		throw new RefusalError(403, 'problem.notAllowed');
	throw error;
}

export function ambitoQueries(db: Database) {
	const figureOf = async (key: AmbitoFigure['key']): Promise<AmbitoFigure> => {
		if (key === 'ftth_households') return ftthFigure(db);
		const { layer, kind } = LAYER_COUNTS[key];
		// The features' own sources: one named when they share it, else the layer (each feature
		// names its source on the map).
		const [row] = await db.query<{
			count: number;
			sources: string[];
			latest: string | null;
			layer_title: unknown;
			source_title: unknown;
		}>(
			`select count(*)::int4 as count, coalesce(array_agg(distinct f.source), '{}') as sources,
				max(f.source_date) as latest, (select l.title from public.layer l where l.id = $1) as layer_title,
				(select s.title from public.data_source s where s.upstream = min(f.source)) as source_title
			 from public.layer_feature f where f.layer_id = $1 and f.kind = $2`,
			[layer, kind]
		);
		const title = bilingual(row.layer_title);
		const single = row.sources.length === 1 ? row.sources[0] : null;
		return {
			key,
			value: Number(row.count),
			unit: 'count',
			layer,
			coverage: null,
			source: {
				// A downloaded source is named by the build's record of it, not by its address.
				title: single
					? (bilingual(row.source_title) ?? { it: single, en: single })
					: (title ?? { it: layer, en: layer }),
				url: single && /^https?:\/\//.test(single) ? single : null,
				date: row.latest
			}
		};
	};

	return {
		/** An ambito's page: its statements, guidelines, figures and the history of its statements. */
		async getAmbito(code: number): Promise<AmbitoProfile | null> {
			const ambiti = await interventionQueries(db).listAmbiti();
			const ambito = ambiti.find((a) => a.code === code);
			if (!ambito) return null;
			const [statements, guidelines, history, figures] = await Promise.all([
				db.query<StatementRow>(
					`select id, kind, text_it, text_en, source_title, source_url, source_date::text as source_date,
						source_licence, precision, position, version, edited,
						to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as updated_at
					 from public.ambito_statement where ambito_code = $1
					 order by array_position(array['context', 'strength', 'weakness'], kind), position, id`,
					[code]
				),
				db.query<{ code: number; name_it: string; name_en: string; interventions: number }>(
					`select g.code, g.name_it, g.name_en,
						(select count(*)::int4 from public.intervention_guideline ig
							join public.intervention i on i.id = ig.intervention_id
							where ig.guideline_code = g.code and i.primary_ambito = $1) as interventions
					 from public.guideline g order by g.code`,
					[code]
				),
				db.query<AmbitoStatementChange>(
					`select statement_id, changed_by, operation,
						to_char(changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as changed_at
					 from public.ambito_statement_change where ambito_code = $1
					 order by changed_at desc, id desc limit 50`,
					[code]
				),
				Promise.all((FIGURES_OF_AMBITO[code] ?? []).map(figureOf))
			]);
			return {
				ambito,
				statements: statements.map(recordOf),
				guidelines: guidelines.map((g) => ({
					code: Number(g.code),
					name: { it: g.name_it, en: g.name_en },
					interventions: Number(g.interventions)
				})),
				figures,
				history
			};
		},

		/** The interventions whose primary ambito this is (the count the pages give), as GeoJSON. */
		async interventionsOf(code: number) {
			const listed = await interventionQueries(db).listInterventions({ ambito: [code] });
			return {
				...listed,
				features: listed.features.filter((f) => f.properties.primary_ambito === code)
			};
		},

		/** A reviewer adds a statement to an ambito; its id comes from its text. */
		async addStatement(identity: Identity, actor: string, ambito: number, input: StatementInput) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				await setActor(tx, actor);
				const [row] = await tx
					.query<{ id: string; version: number }>(
						`insert into public.ambito_statement (id, ambito_code, kind, text_it, text_en, source_title,
							source_url, source_date, precision, position, edited)
						 values ($1, $2, $3, $4, $5, $6, $7, $8, $9,
							(select coalesce(max(position) + 1, 0) from public.ambito_statement
								where ambito_code = $2 and kind = $3), true)
						 returning id, version`,
						[
							statementId(ambito, input.text_it),
							ambito,
							input.kind,
							input.text_it,
							input.text_en,
							input.source_title,
							input.source_url,
							input.source_date,
							input.precision
						]
					)
					.catch(refusal);
				return { id: row.id, version: Number(row.version) };
			});
		},

		/** A reviewer changes a statement read at `version`; refused (409) if someone saved in between. */
		async updateStatement(
			identity: Identity,
			actor: string,
			id: string,
			version: number,
			input: StatementInput
		) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				await setActor(tx, actor);
				const rows = await tx
					.query<{ id: string; version: number }>(
						`update public.ambito_statement set kind = $1, text_it = $2, text_en = $3,
							source_title = $4, source_url = $5, source_date = $6, precision = $7,
							edited = true, version = $8
						 where id = $9 returning id, version`,
						[
							input.kind,
							input.text_it,
							input.text_en,
							input.source_title,
							input.source_url,
							input.source_date,
							input.precision,
							version,
							id
						]
					)
					.catch(refusal);
				if (rows.length === 0) throw await whyNot(tx, id);
				return { id: rows[0].id, version: Number(rows[0].version) };
			});
		},

		/** A reviewer removes a statement read at `version`. */
		async deleteStatement(identity: Identity, actor: string, id: string, version: number) {
			if (!identity) throw new RefusalError(401, 'problem.signInNeeded');
			return asIdentity(db, identity, async (tx) => {
				await setActor(tx, actor);
				const rows = await tx
					.query<{ id: string }>(
						'delete from public.ambito_statement where id = $1 and version = $2 returning id',
						[id, version]
					)
					.catch(refusal);
				if (rows.length === 0) throw await whyNot(tx, id, version);
			});
		}
	};
}

/** Why nothing was changed: no such statement (404), not allowed (403) or a stale version (409). */
async function whyNot(tx: Queryable, id: string, version?: number): Promise<RefusalError> {
	const [row] = await tx.query<{ version: number; reviewer: boolean }>(
		'select version, public.is_reviewer() as reviewer from public.ambito_statement where id = $1',
		[id]
	);
	if (!row) return new RefusalError(404, 'problem.statementNotFound');
	if (!row.reviewer) return new RefusalError(403, 'problem.notAllowed');
	if (version !== undefined && Number(row.version) !== version)
		return new RefusalError(409, 'problem.conflict');
	return new RefusalError(403, 'problem.notAllowed');
}

/** A readable, unique id: the ambito, the first words of the text, and a random tail. */
function statementId(ambito: number, text: string): string {
	const words = text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 40)
		.replace(/-$/, '');
	return `a${ambito}-${words || 'affermazione'}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Resident households reached by FTTH in the province, on the municipalities with a reliable figure. */
async function ftthFigure(db: Queryable): Promise<AmbitoFigure> {
	const rows = await db.query<{
		snapshot: string | null;
		population: number | null;
		households_resident: number | null;
		households_ftth: number | null;
		upstream: string | null;
		title: unknown;
	}>(
		`select c.snapshot::text as snapshot, m.population::int4 as population,
			c.households_resident, c.households_ftth, s.upstream, s.title
		 from public.municipality m
		 left join public.broadband_coverage c on c.istat = m.istat
			and c.snapshot = (select max(snapshot) from public.broadband_snapshot)
		 left join public.data_source s on s.id = 'broadband-agcom'`
	);
	let resident = 0;
	let reached = 0;
	let used = 0;
	for (const row of rows) {
		const share = ftthHouseholdShare(
			{ householdsResident: row.households_resident, householdsFtth: row.households_ftth },
			row.population
		);
		if (share.reliability !== 'ok') continue;
		resident += row.households_resident!;
		reached += row.households_ftth!;
		used++;
	}
	return {
		key: 'ftth_households',
		value: resident > 0 ? (reached / resident) * 100 : null,
		unit: 'percent',
		layer: 'broadband',
		coverage: { used, of: rows.length },
		source: {
			title: bilingual(rows[0]?.title) ?? { it: 'AGCOM', en: 'AGCOM' },
			url: rows[0]?.upstream ?? null,
			date: rows.find((r) => r.snapshot)?.snapshot ?? null
		}
	};
}
