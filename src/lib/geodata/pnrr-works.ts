import { parseCsvFile } from './csv.ts';
import { GeodataError } from './errors.ts';
import { interventionSchema, OPENCUP_PAGE, type Intervention } from './interventions.ts';

/** A PNRR project as the Region's open data publishes it from ReGiS, on one snapshot date. */
export interface PnrrWork {
	cup: string;
	istat: string;
	title: string;
	/** The ReGiS phase as published ("Collaudo avviato"), never mapped onto a status. */
	phase: string;
	/** The amount financed by the PNRR, in euro. */
	pnrrAmountEur: number;
	snapshot: string;
}

/** The columns read, by name: the transcription's (see the manifest's note on this source). */
export const PNRR_WORK_COLUMNS = [
	'cup',
	'comune',
	'istat',
	'titolo',
	'fase_regis',
	'importo_finanziato_pnrr_eur',
	'snapshot'
] as const;

/** Whether a text has the columns `parsePnrrWorks` reads (an HTML page or another file has not). */
export function hasPnrrWorkColumns(text: string): boolean {
	const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
	const names = header.split(',').map((name) => name.trim().toLowerCase());
	return PNRR_WORK_COLUMNS.every((column) => names.includes(column));
}

/**
 * Reads the PNRR works of the province's municipalities; rows of other provinces are left out.
 * A row whose municipality name and ISTAT code disagree, or with an amount that is not a plain
 * number, stops the build naming the row: a wrong figure is worse than none.
 */
export function parsePnrrWorks(
	text: string,
	options: { file: string; province: string; municipalities: ReadonlyMap<string, string> }
): PnrrWork[] {
	const { file } = options;
	const [header, ...rows] = parseCsvFile(text, file);
	const names = (header ?? []).map((name) => name.trim().toLowerCase());
	const at = Object.fromEntries(
		PNRR_WORK_COLUMNS.map((column) => {
			const index = names.indexOf(column);
			if (index < 0)
				throw new GeodataError(file, `no "${column}" column`, { record: 'header', field: column });
			return [column, index];
		})
	) as Record<(typeof PNRR_WORK_COLUMNS)[number], number>;
	const seen = new Set<string>();
	const works: PnrrWork[] = [];
	rows.forEach((cells, index) => {
		const cell = (column: (typeof PNRR_WORK_COLUMNS)[number]) => cells[at[column]]?.trim() ?? '';
		const record = `row ${index + 2}`;
		const fail = (field: string, problem: string): never => {
			throw new GeodataError(file, problem, { record, field });
		};
		const istat = cell('istat').padStart(6, '0');
		if (!/^\d{6}$/.test(istat)) fail('istat', `"${cell('istat')}" is not an ISTAT code`);
		if (!istat.startsWith(options.province)) return;
		const name = options.municipalities.get(istat);
		if (!name) fail('istat', `${istat} is not a municipality of province ${options.province}`);
		if (name!.toLowerCase() !== cell('comune').toLowerCase())
			fail('comune', `"${cell('comune')}" is not the name of ${istat} (${name})`);
		const cup = cell('cup');
		if (!/^[A-Z0-9]{15}$/.test(cup)) fail('cup', `"${cup}" is not a CUP code`);
		if (seen.has(cup)) fail('cup', `CUP ${cup} appears twice`);
		seen.add(cup);
		const amount = cell('importo_finanziato_pnrr_eur');
		if (!/^\d+(\.\d{1,2})?$/.test(amount))
			fail('importo_finanziato_pnrr_eur', `"${amount}" is not an amount in euro`);
		const snapshot = cell('snapshot');
		if (!/^\d{4}-\d{2}-\d{2}$/.test(snapshot) || Number.isNaN(Date.parse(snapshot)))
			fail('snapshot', `"${snapshot}" is not a date (YYYY-MM-DD)`);
		if (!cell('titolo')) fail('titolo', 'no title');
		if (!cell('fase_regis')) fail('fase_regis', 'no ReGiS phase');
		works.push({
			cup,
			istat,
			title: cell('titolo'),
			phase: cell('fase_regis'),
			pnrrAmountEur: Number(amount),
			snapshot
		});
	});
	return works;
}

export interface PnrrWorksSource {
	/** The dataset's page, the link every figure carries. */
	url: string;
	title: string;
}

/** The funding line and source a work's figures come with. */
function evidenceOf(work: PnrrWork, source: PnrrWorksSource) {
	const document = `${source.title} – rilevazione del ${work.snapshot}`;
	return {
		funding: {
			kind: 'pnrr' as const,
			amount_eur: work.pnrrAmountEur,
			document,
			document_url: source.url,
			note: 'Importo finanziato dal PNRR, non il costo totale dell’opera.'
		},
		source: { title: document, url: source.url, date: work.snapshot }
	};
}

/**
 * The interventions with the works' facts: an intervention with the work's CUP gets its title
 * (when it has none), its ReGiS phase and snapshot, and the PNRR amount in place of a PNRR line
 * without one; a work no intervention has becomes one, located in its municipality, with no
 * ambito, status or dates (none is published).
 */
export function withPnrrWorks(
	interventions: readonly Intervention[],
	works: readonly PnrrWork[],
	source: PnrrWorksSource
): Intervention[] {
	const byCup = new Map(works.map((work) => [work.cup, work]));
	const known = new Set(interventions.map((i) => i.cup).filter(Boolean));
	const updated = interventions.map((intervention) => {
		const work = intervention.cup ? byCup.get(intervention.cup) : undefined;
		if (!work) return intervention;
		const { funding, source: cited } = evidenceOf(work, source);
		const unpriced = intervention.funding.findIndex(
			(line) => line.kind === 'pnrr' && line.amount_eur === null
		);
		return interventionSchema.parse({
			...intervention,
			title_it: intervention.title_it ?? work.title,
			regis_phase: work.phase,
			regis_snapshot: work.snapshot,
			municipalities: [...new Set([...intervention.municipalities, work.istat])].sort(),
			funding:
				unpriced >= 0
					? intervention.funding.map((line, index) => (index === unpriced ? funding : line))
					: [...intervention.funding, funding],
			sources: [...intervention.sources, cited]
		});
	});
	const added = works
		.filter((work) => !known.has(work.cup))
		.map((work) => {
			const { funding, source: cited } = evidenceOf(work, source);
			return interventionSchema.parse({
				id: `cup-${work.cup.toLowerCase()}`,
				code: work.cup,
				cup: work.cup,
				title_it: work.title,
				regis_phase: work.phase,
				regis_snapshot: work.snapshot,
				municipalities: [work.istat],
				funding: [funding],
				sources: [
					cited,
					{
						title: `OpenCUP – progetto ${work.cup}`,
						url: `${OPENCUP_PAGE}${work.cup}`,
						date: null
					}
				]
			});
		});
	return [...updated, ...added];
}
