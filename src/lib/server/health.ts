import { getDatabase } from './atlas.ts';
import type { GateStats } from './db/work-gate.ts';
import { frontDeskAnswers } from './front-desk.ts';
import type { CacheStats } from './response-cache.ts';
import { publicCache } from './serving.ts';

export interface Health {
	status: 'ok' | 'unavailable';
	engine: 'pglite' | 'postgres' | null;
	data_version: string | null;
	/** Database jobs running and waiting, and the limits beyond which requests get 503. */
	queue: GateStats | null;
	cache: CacheStats;
	/** Requests answered from the cache before SvelteKit (src/server.ts), since the process started. */
	front_desk_answers: number;
}

/** What a load balancer asks before sending traffic: can this process reach its data, how busy is it. */
export async function healthReport(): Promise<Health> {
	try {
		const db = await getDatabase();
		return {
			status: 'ok',
			engine: db.engine,
			data_version: await db.dataVersion(),
			queue: db.load(),
			cache: publicCache.stats(),
			front_desk_answers: frontDeskAnswers()
		};
	} catch {
		return {
			status: 'unavailable',
			engine: null,
			data_version: null,
			queue: null,
			cache: publicCache.stats(),
			front_desk_answers: frontDeskAnswers()
		};
	}
}
