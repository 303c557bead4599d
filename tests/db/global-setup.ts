import type { TestProject } from 'vitest/node';
import { startPostgres } from '../support/postgres-server.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		postgresUrl: string;
	}
}

// A real PostgreSQL + PostGIS for the "postgres" engine: TEST_DATABASE_URL if given, else a
// throw-away server started here. If neither works the run fails: these tests never skip.
export default async function setup(project: TestProject) {
	if (process.env.TEST_DATABASE_URL) {
		project.provide('postgresUrl', process.env.TEST_DATABASE_URL);
		return;
	}
	const server = await startPostgres();
	project.provide('postgresUrl', server.url);
	return () => server.stop();
}
