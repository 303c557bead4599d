// Imports interventions of the plan from a CSV (as a spreadsheet exports it) or GeoJSON file.
// Usage: node geodata/import-interventions.ts FILE [--dry-run] [--lang=it|en] [--actor=NAME]
// Uses the same database as the atlas (DATABASE_URL, or the embedded one in ATLAS_PGLITE_DIR:
// stop the atlas first, the embedded database takes one process at a time).
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImportFileError } from '../src/lib/geodata/intervention-rows.ts';
import { isLang, translate, type Lang } from '../src/lib/i18n/index.ts';
import { readConfig } from '../src/lib/server/config.ts';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { formatImportReport, importInterventions } from '../src/lib/server/import-interventions.ts';

const args = process.argv.slice(2);
const option = (name: string) =>
	args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const file = args.find((a) => !a.startsWith('--'));
const requested = option('lang') ?? 'it';
const lang: Lang = isLang(requested) ? requested : 'it';
if (!file) {
	console.error(
		'Uso: node geodata/import-interventions.ts FILE.csv|FILE.geojson [--dry-run] [--lang=it|en]'
	);
	process.exit(2);
}
const format = /\.(geo)?json$/i.test(file) ? 'geojson' : 'csv';
const db = await openDatabase(readConfig());
try {
	const report = await importInterventions(db, await readFile(file, 'utf8'), {
		format,
		dryRun: args.includes('--dry-run'),
		actor: option('actor') ?? `import ${path.basename(file)} (${os.userInfo().username})`,
		lang
	});
	for (const line of formatImportReport(report, lang)) console.log(line);
	process.exitCode = report.rejected.length ? 1 : 0;
} catch (error) {
	if (!(error instanceof ImportFileError)) throw error;
	console.error(
		translate(lang, `import.file.${error.problem}`, { line: String(error.line ?? '') })
	);
	process.exitCode = 2;
} finally {
	await db.close();
}
