// Administration of the embedded atlas from the command line.
// Usage:
//   npm run atlas -- user add --email anna@example.org --name "Anna Rossi" --role planner [--organisation "Comune di Lucca"]
//     (the password is read from standard input, at least 12 characters)
//   npm run atlas -- user list
//   npm run atlas -- user grant --email anna@example.org --role reviewer [--name ...] [--organisation ...]
//     (gives a role to a Supabase Auth user, or changes a member's role; Supabase mode signs up
//     people through Supabase, and the atlas only records what they may do)
//   npm run atlas -- backup FILE    (embedded database: a consistent copy, while the atlas serves)
//   npm run atlas -- restore FILE   (embedded database: replaces it; the replaced one is kept aside)
// Uses the same database as the atlas (DATABASE_URL or ATLAS_PGLITE_DIR): stop the atlas first
// for the user commands when it runs on the embedded database, which takes one process at a time.
import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { hasMessage, translate } from '../lib/i18n/index.ts';
import { addLocalAccount, GrantError, grantRole, ROLES } from '../lib/server/auth/accounts.ts';
import { readConfig } from '../lib/server/config.ts';
import { backupCommand } from './backup-command.ts';
import { openDatabase } from '../lib/server/db/index.ts';

const [command, action, ...rest] = process.argv.slice(2);

if (command === 'backup' || command === 'restore') {
	process.exit(await backupCommand(command, action));
}
const option = (name: string) => {
	const at = rest.indexOf(`--${name}`);
	return at >= 0 ? rest[at + 1] : undefined;
};

async function readPassword(): Promise<string> {
	const lines = createInterface({ input: process.stdin, output: process.stdout, terminal: false });
	if (process.stdin.isTTY) process.stdout.write('Password (almeno 12 caratteri): ');
	for await (const line of lines) {
		lines.close();
		return line;
	}
	return '';
}

if (command !== 'user' || !['add', 'list', 'grant'].includes(action ?? '')) {
	console.error(
		`Uso: npm run atlas -- user add --email EMAIL --name NOME --role ${ROLES.join('|')} [--organisation ENTE]\n     npm run atlas -- user grant --email EMAIL --role ${ROLES.join('|')} [--name NOME] [--organisation ENTE]\n     npm run atlas -- user list\n     npm run atlas -- backup FILE\n     npm run atlas -- restore FILE`
	);
	process.exit(2);
}

const db = await openDatabase(readConfig());
try {
	if (action === 'list') {
		const members = await db.query<{ email: string; role: string; display_name: string }>(
			'select email, role, display_name from public.member order by email'
		);
		for (const m of members) console.log(`${m.email}\t${m.role}\t${m.display_name}`);
	} else if (action === 'grant') {
		const member = await grantRole(db, {
			email: option('email') ?? '',
			role: (option('role') ?? '') as (typeof ROLES)[number],
			display_name: option('name'),
			organisation: option('organisation')
		});
		console.log(`${member.email}: ruolo ${member.role}.`);
	} else {
		const member = await addLocalAccount(db, {
			email: option('email') ?? '',
			display_name: option('name') ?? option('email') ?? '',
			organisation: option('organisation') ?? null,
			role: (option('role') ?? '') as (typeof ROLES)[number],
			password: await readPassword()
		});
		console.log(`Creato ${member.email} (${member.role}).`);
	}
} catch (error) {
	if (error instanceof z.ZodError) {
		// The account schemas speak in message keys (the admin page shares them): said in Italian here.
		for (const { path, message } of error.issues)
			console.error(
				`${path.join('.')}: ${hasMessage(message) ? translate('it', message) : message}`
			);
		process.exitCode = 2;
	} else if (error instanceof GrantError) {
		console.error(error.message);
		process.exitCode = 2;
	} else if (/duplicate key|unique/i.test((error as Error).message)) {
		console.error('Esiste già un utente con questa email.');
		process.exitCode = 2;
	} else throw error;
} finally {
	await db.close();
}
