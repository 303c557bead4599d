import type { Geometry } from 'geojson';
import { z } from 'zod';
import { parseCsvFile } from './csv.ts';
import { hasMessage, translate, type Lang } from '../i18n/index.ts';
import { GeodataError, parseJsonFile } from './errors.ts';

import { FUNDING_KINDS, INTERVENTION_STATUSES } from '../types.ts';

export const FEATURE_RELATIONS = ['resolves', 'serves', 'extends', 'located-at'] as const;

// Messages are keys of the i18n catalogue (problem.*): the importer answers in the user's
// language, the build in English.
const key = (k: string) => ({
	error: (issue: { input: unknown }) => (issue.input === undefined ? 'problem.missing' : k)
});

const partialDate = z
	.string(key('problem.date'))
	.regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'problem.date')
	.nullable()
	.default(null);
const optionalText = z
	.string(key('problem.text'))
	.trim()
	.transform((v) => (v === '' ? null : v))
	.nullable()
	.default(null);
const requiredText = z.string(key('problem.text')).trim().min(1, 'problem.empty');
const amount = z.number(key('problem.amount')).nonnegative('problem.amount');
const webAddress = z.url('problem.url').nullable().default(null);

export const sourceSchema = z.object({
	title: requiredText,
	url: webAddress,
	date: partialDate
});

export const fundingSchema = z.object({
	kind: z.enum(FUNDING_KINDS, key('problem.fundingKind')),
	// null: the source names the funding but not the amount.
	amount_eur: amount.nullable().default(null),
	document: requiredText,
	document_url: webAddress,
	note: optionalText
});

const ambitoCode = z
	.number(key('problem.ambito'))
	.int('problem.ambito')
	.min(1, 'problem.ambito')
	.max(8, 'problem.ambito');

/**
 * A cost and a status are claims: each needs the document that states it; and an intervention
 * ends after it starts. Shared by the importer and the reviewers' edits.
 */
export function checkSourcedFacts(
	value: {
		cost_eur: number | null;
		cost_source: string | null;
		status: string | null;
		status_source: string | null;
		start_date: string | null;
		end_date: string | null;
	},
	context: z.RefinementCtx
): void {
	if (value.cost_eur !== null && !value.cost_source)
		context.addIssue({ code: 'custom', path: ['cost_source'], message: 'problem.costNeedsSource' });
	if (value.status !== null && !value.status_source)
		context.addIssue({
			code: 'custom',
			path: ['status_source'],
			message: 'problem.statusNeedsSource'
		});
	if (value.start_date && value.end_date && value.end_date < value.start_date)
		context.addIssue({ code: 'custom', path: ['end_date'], message: 'problem.endBeforeStart' });
}

/** One intervention of the plan, as the seed file, the importer and the database share it. */
export const interventionSchema = z
	.object({
		id: z.string(key('problem.slug')).regex(/^[a-z0-9][a-z0-9-]*$/, 'problem.slug'),
		code: requiredText,
		title_it: optionalText,
		title_en: optionalText,
		description_it: optionalText,
		description_en: optionalText,
		context_it: optionalText,
		context_en: optionalText,
		primary_ambito: ambitoCode.nullable().default(null),
		secondary_ambiti: z.array(ambitoCode, key('problem.list')).default([]),
		guidelines: z
			.array(
				z
					.number(key('problem.guideline'))
					.int('problem.guideline')
					.min(1, 'problem.guideline')
					.max(6, 'problem.guideline'),
				key('problem.list')
			)
			.default([]),
		status: z.enum(INTERVENTION_STATUSES, key('problem.status')).nullable().default(null),
		status_source: optionalText,
		cost_eur: amount.nullable().default(null),
		cost_source: optionalText,
		start_date: partialDate,
		end_date: partialDate,
		lead_body: optionalText,
		actors: z.array(requiredText, key('problem.list')).default([]),
		// The phase ReGiS publishes for a PNRR project, as published, and the snapshot's date.
		regis_phase: optionalText,
		regis_snapshot: z
			.string(key('problem.date'))
			.regex(/^\d{4}-\d{2}-\d{2}$/, 'problem.date')
			.nullable()
			.default(null),
		cup: z
			.string(key('problem.cup'))
			.regex(/^[A-Z0-9]{15}$/, 'problem.cup')
			.nullable()
			.default(null),
		features: z
			.array(
				z.object({
					layer: requiredText,
					id: requiredText,
					relation: z.enum(FEATURE_RELATIONS, key('problem.relation'))
				}),
				key('problem.list')
			)
			.default([]),
		municipalities: z
			.array(z.string(key('problem.istat')).regex(/^\d{6}$/, 'problem.istat'), key('problem.list'))
			.default([]),
		funding: z.array(fundingSchema, key('problem.list')).default([]),
		sources: z.array(sourceSchema, key('problem.list')).min(1, 'problem.noSource'),
		geometry: z
			.custom<Geometry>(
				(value) =>
					typeof value === 'object' &&
					value !== null &&
					[
						'Point',
						'LineString',
						'Polygon',
						'MultiPoint',
						'MultiLineString',
						'MultiPolygon'
					].includes((value as { type?: string }).type ?? '') &&
					Array.isArray((value as { coordinates?: unknown }).coordinates),
				'problem.geometry'
			)
			.nullable()
			.default(null)
	})
	.superRefine((value, context) => {
		checkSourcedFacts(value, context);
		if ((value.regis_phase === null) !== (value.regis_snapshot === null))
			context.addIssue({
				code: 'custom',
				path: ['regis_snapshot'],
				message: 'problem.regisPhaseNeedsDate'
			});
		if (!value.title_it && !value.cup)
			context.addIssue({ code: 'custom', path: ['title_it'], message: 'problem.titleMissing' });
	});

export type Intervention = z.infer<typeof interventionSchema>;

/** What references in an intervention must point at. */
export interface InterventionContext {
	municipalities: Set<string>;
	/** `layer/id` of every layer feature, with the municipalities it touches. */
	features: Map<string, string[]>;
}

/** Checks one record; returns the first problem as `{ field, message }`, or the parsed record. */
export function checkIntervention(
	raw: unknown,
	context: InterventionContext,
	lang: Lang = 'en'
): { ok: true; value: Intervention } | { ok: false; field: string; message: string } {
	const parsed = interventionSchema.safeParse(raw);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		return {
			ok: false,
			field: issue.path.join('.') || 'record',
			message: translate(lang, hasMessage(issue.message) ? issue.message : 'problem.invalid')
		};
	}
	const value = parsed.data;
	for (const [at, code] of value.municipalities.entries())
		if (!context.municipalities.has(code))
			return {
				ok: false,
				field: `municipalities.${at}`,
				message: translate(lang, 'problem.unknownMunicipality', { code })
			};
	for (const [at, link] of value.features.entries())
		if (!context.features.has(`${link.layer}/${link.id}`))
			return {
				ok: false,
				field: `features.${at}`,
				message: translate(lang, 'problem.unknownFeature', { id: link.id, layer: link.layer })
			};
	// The places an intervention touches include those of the features it acts on.
	const municipalities = new Set(value.municipalities);
	for (const link of value.features)
		for (const code of context.features.get(`${link.layer}/${link.id}`) ?? [])
			municipalities.add(code);
	return { ok: true, value: { ...value, municipalities: [...municipalities].sort() } };
}

/** Parses the hand-curated interventions file; a bad record stops the build naming it. */
export function parseInterventionsFile(
	text: string,
	file: string,
	context: InterventionContext
): Intervention[] {
	const json = parseJsonFile(text, file);
	const list = z.object({ interventions: z.array(z.unknown()) }).safeParse(json);
	if (!list.success)
		throw new GeodataError(file, 'must be an object with an "interventions" list', {
			field: 'interventions'
		});
	const ids = new Set<string>();
	return list.data.interventions.map((raw, index) => {
		const id = (raw as { id?: unknown })?.id;
		const record = `#${index}${typeof id === 'string' ? ` (${id})` : ''}`;
		const checked = checkIntervention(raw, context);
		if (!checked.ok)
			throw new GeodataError(file, checked.message, { record, field: checked.field });
		if (ids.has(checked.value.id))
			throw new GeodataError(file, translate('en', 'problem.duplicate', { id: checked.value.id }), {
				record,
				field: 'id'
			});
		ids.add(checked.value.id);
		return checked.value;
	});
}

/** A CUP's public page on OpenCUP is this address followed by the code. */
export const OPENCUP_PAGE = 'https://www.opencup.gov.it/portale/progetto/-/cup/';

/**
 * PNRR projects located in the province, from OpenCUP's "localizzazioni" export: one intervention
 * per CUP with its municipalities. The export has no title, amount, status or ambito: they stay
 * null, and each record links to its OpenCUP page where they can be read.
 */
/**
 * The OpenCUP localisation file's rows, validated: one CUP located in one municipality, or in a
 * whole province (CODICE_COMUNE -1, COMUNE "TUTTI": istat null).
 */
export function pnrrLocalisationRows(
	text: string,
	file: string
): Array<{ cup: string; province: string; istat: string | null; record: string }> {
	const [header, ...rows] = parseCsvFile(text, file);
	const column = (name: string) => {
		const at = header?.indexOf(name) ?? -1;
		if (at < 0) throw new GeodataError(file, `no "${name}" column`, { field: name });
		return at;
	};
	const cupAt = column('CUP');
	const provinceAt = column('CODICE_PROVINCIA');
	const municipalityAt = column('CODICE_COMUNE');
	return rows.map((row, index) => {
		const cup = row[cupAt]?.trim() ?? '';
		const province = row[provinceAt]?.padStart(3, '0') ?? '';
		const record = `row ${index + 2}`;
		if (row[municipalityAt]?.trim() === '-1') return { cup, province, istat: null, record };
		const istat = row[municipalityAt]?.trim().padStart(6, '0') ?? '';
		if (!/^[A-Z0-9]{15}$/.test(cup))
			throw new GeodataError(file, `"${cup}" is not a CUP code`, {
				record: `row ${index + 2}`,
				field: 'CUP'
			});
		if (!/^\d{6}$/.test(istat))
			throw new GeodataError(file, `"${istat}" is not an ISTAT code`, {
				record: `row ${index + 2}`,
				field: 'CODICE_COMUNE'
			});
		return { cup, province, istat, record };
	});
}

export function parsePnrrLocalisations(
	text: string,
	options: { file: string; province: string; upstream: string; date: string }
): Intervention[] {
	const byCup = new Map<string, Set<string>>();
	for (const { cup, province, istat, record } of pnrrLocalisationRows(text, options.file)) {
		if (province !== options.province) continue;
		if (istat === null)
			throw new GeodataError(
				options.file,
				'located in the whole province: the atlas places projects in municipalities',
				{ record, field: 'CODICE_COMUNE' }
			);
		byCup.set(cup, (byCup.get(cup) ?? new Set()).add(istat));
	}
	return [...byCup].map(([cup, municipalities]) =>
		interventionSchema.parse({
			id: `cup-${cup.toLowerCase()}`,
			code: cup,
			cup,
			municipalities: [...municipalities].sort(),
			funding: [
				{
					kind: 'pnrr',
					amount_eur: null,
					document: 'OpenCUP – localizzazioni dei progetti PNRR',
					document_url: `${OPENCUP_PAGE}${cup}`,
					note: null
				}
			],
			sources: [
				{ title: `OpenCUP – progetto ${cup}`, url: `${OPENCUP_PAGE}${cup}`, date: null },
				{
					title: 'OpenCUP – localizzazioni dei progetti PNRR (via aborruso/open-data-pnrr)',
					url: options.upstream,
					date: options.date
				}
			]
		})
	);
}
