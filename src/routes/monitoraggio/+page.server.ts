import { todayInItaly } from '#lib/dates.ts';
import { getAtlas, getDatabase } from '#lib/server/atlas.ts';
import { monitoringQueries } from '#lib/server/monitoring-queries.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const today = todayInItaly();
	const queries = monitoringQueries(await getDatabase());
	const [interventions, spend, ambiti] = await Promise.all([
		queries.listProgress({}, today),
		queries.spendByQuarter(),
		(await getAtlas()).listAmbiti()
	]);
	return { today, interventions, spend, ambiti };
};
