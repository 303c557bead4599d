// `npm run atlas -- backup FILE` and `restore FILE`: the embedded database's backups, in the
// operator's words. PostgreSQL has its own tools, named here rather than imitated.
import { readConfig } from '../lib/server/config.ts';
import { BackupFileError, backupEmbedded, restoreEmbedded } from '../lib/server/db/backup.ts';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Runs the command; the exit code (0 done, 2 refused, 1 failed). */
export async function backupCommand(
	command: 'backup' | 'restore',
	file: string | undefined
): Promise<number> {
	if (!file) {
		console.error(`Uso: npm run atlas -- ${command} FILE`);
		return 2;
	}
	const config = readConfig();
	if (config.DATABASE_URL) {
		console.error(
			command === 'backup'
				? 'Con DATABASE_URL il database è PostgreSQL: usa pg_dump, per esempio\n  pg_dump --format=custom --file=atlante.dump "$DATABASE_URL"\n(vedi README, «Backup»).'
				: 'Con DATABASE_URL il database è PostgreSQL: usa pg_restore, per esempio\n  pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" atlante.dump\n(vedi README, «Backup»).'
		);
		return 2;
	}
	try {
		if (command === 'backup') {
			const { bytes, by } = await backupEmbedded(config, file);
			console.log(
				`Backup salvato in ${file} (${megabytes(bytes)})${by === 'server' ? ', mentre l’atlante era in funzione' : ''}.`
			);
		} else {
			const { keptAt } = await restoreEmbedded(config, file);
			console.log(
				`Database ripristinato da ${file}. Il database sostituito è conservato in ${keptAt}.`
			);
		}
		return 0;
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (error instanceof BackupFileError)
			console.error(
				`${file} non è un backup dell’atlante (un file .tar.gz creato da «npm run atlas -- backup»): nulla è stato modificato.`
			);
		else if (code === 'ENOENT' && command === 'restore')
			console.error(`Il file ${file} non esiste: nulla è stato modificato.`);
		else if (code === 'ENOENT')
			console.error(`Nessun database in ${config.ATLAS_PGLITE_DIR}: nulla da salvare.`);
		else {
			console.error(
				`${command === 'backup' ? 'Backup' : 'Ripristino'} non riuscito: ${(error as Error).message}`
			);
			return 1;
		}
		return 2;
	}
}
