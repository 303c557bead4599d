// Creates the end-to-end suite's accounts in the test run's fresh database, as an administrator
// would with `npm run atlas -- user add`, before the server opens it.
import { addLocalAccount } from '../../src/lib/server/auth/accounts.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import { openDatabase } from '../../src/lib/server/db/index.ts';
import { E2E_ACCOUNTS, E2E_PASSWORD } from '../e2e/accounts.ts';

const db = await openDatabase(readConfig());
try {
	for (const account of Object.values(E2E_ACCOUNTS))
		await addLocalAccount(db, {
			email: account.email,
			display_name: account.name,
			role: account.role,
			organisation: 'Atlante Lucca 2030 (prova)',
			password: E2E_PASSWORD
		});
} finally {
	await db.close();
}
