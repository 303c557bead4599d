import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/lib/server/config.ts';

describe('PostgreSQL settings in the configuration', () => {
	it('defaults to a pool of 10, prepared statements and a 10 s statement timeout', () => {
		expect(readConfig({})).toMatchObject({
			ATLAS_PG_POOL_MAX: 10,
			ATLAS_PG_PREPARE: true,
			ATLAS_STATEMENT_TIMEOUT_MS: 10_000
		});
	});
	it('reads them from the environment', () => {
		expect(
			readConfig({
				ATLAS_PG_POOL_MAX: '4',
				ATLAS_PG_PREPARE: 'false',
				ATLAS_STATEMENT_TIMEOUT_MS: '0'
			})
		).toMatchObject({
			ATLAS_PG_POOL_MAX: 4,
			ATLAS_PG_PREPARE: false,
			ATLAS_STATEMENT_TIMEOUT_MS: 0
		});
	});
	it('refuses a bad value, naming the variable', () => {
		expect(() => readConfig({ ATLAS_PG_POOL_MAX: '0' })).toThrow(/ATLAS_PG_POOL_MAX/);
		expect(() => readConfig({ ATLAS_PG_POOL_MAX: 'many' })).toThrow(/ATLAS_PG_POOL_MAX/);
		expect(() => readConfig({ ATLAS_PG_PREPARE: 'perhaps' })).toThrow(/ATLAS_PG_PREPARE/);
		expect(() => readConfig({ ATLAS_STATEMENT_TIMEOUT_MS: '-1' })).toThrow(
			/ATLAS_STATEMENT_TIMEOUT_MS/
		);
	});
});
