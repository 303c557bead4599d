import { checkIntervention, type Intervention } from '../geodata/interventions.ts';
import { readImportRows, type ImportFormat } from '../geodata/intervention-rows.ts';
import { translate, type Lang } from '../i18n/index.ts';
import { liftStatementTimeout, type Queryable } from './db/engine.ts';
import { saveIntervention, setActor } from './db/save-intervention.ts';

export interface ImportReport {
	dryRun: boolean;
	accepted: { row: number; id: string; action: 'insert' | 'update' }[];
	rejected: { row: number; id: string | null; field: string; message: string }[];
}

/**
 * Imports interventions from a CSV or GeoJSON file. Every row is checked first (fields, ISTAT
 * codes, linked features, duplicates, records the atlas builds from its own sources); rejected rows
 * change nothing, accepted ones are saved together in one transaction unless `dryRun`.
 */
export async function importInterventions(
	db: Queryable & { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
	content: string,
	options: { format: ImportFormat; dryRun: boolean; actor: string; lang: Lang }
): Promise<ImportReport> {
	const rows = readImportRows(content, options.format);
	const [municipalities, features, existing] = await Promise.all([
		db.query<{ istat: string }>('select istat from public.municipality'),
		db.query<{ key: string; municipalities: string[] }>(
			`select layer_id || '/' || feature_id as key, municipalities from public.layer_feature`
		),
		db.query<{ id: string; origin: string }>('select id, origin from public.intervention')
	]);
	const context = {
		municipalities: new Set(municipalities.map((m) => m.istat)),
		features: new Map(features.map((f) => [f.key, f.municipalities]))
	};
	const origins = new Map(existing.map((e) => [e.id, e.origin]));
	const report: ImportReport = { dryRun: options.dryRun, accepted: [], rejected: [] };
	const valid: Intervention[] = [];
	const seen = new Set<string>();
	for (const { row, record } of rows) {
		const id = typeof record.id === 'string' ? record.id : null;
		const reject = (field: string, message: string) =>
			report.rejected.push({ row, id, field, message });
		const checked = checkIntervention(record, context, options.lang);
		if (!checked.ok) {
			reject(checked.field, checked.message);
			continue;
		}
		const value = checked.value;
		if (seen.has(value.id)) {
			reject('id', translate(options.lang, 'problem.duplicate', { id: value.id }));
			continue;
		}
		if (origins.get(value.id) === 'seed') {
			reject('id', translate(options.lang, 'problem.seed', { id: value.id }));
			continue;
		}
		seen.add(value.id);
		valid.push(value);
		report.accepted.push({
			row,
			id: value.id,
			action: origins.has(value.id) ? 'update' : 'insert'
		});
	}
	if (!options.dryRun && valid.length) {
		await db.transaction(async (tx) => {
			// A data load: not limited like a request's statement.
			await liftStatementTimeout(tx);
			await setActor(tx, options.actor);
			for (const intervention of valid) await saveIntervention(tx, intervention, 'import');
		});
	}
	return report;
}

/** The report as lines a person reads: the summary, then one line per rejected row. */
export function formatImportReport(report: ImportReport, lang: Lang): string[] {
	return [
		translate(lang, 'import.summary', {
			accepted: report.accepted.length,
			rejected: report.rejected.length
		}),
		...report.rejected.map((r) =>
			translate(lang, 'import.rejectedRow', { row: r.row, field: r.field, problem: r.message })
		),
		translate(lang, report.dryRun ? 'import.dryRun' : 'import.saved')
	];
}
