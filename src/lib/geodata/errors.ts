/** A geodata problem that names the file, the record and the field, so the person fixing it can find it. */
export class GeodataError extends Error {
	readonly file: string;
	readonly record: string | undefined;
	readonly field: string | undefined;

	constructor(file: string, problem: string, options: { record?: string; field?: string } = {}) {
		const where = [
			file,
			options.record !== undefined ? `record ${options.record}` : undefined,
			options.field !== undefined ? `field "${options.field}"` : undefined
		]
			.filter(Boolean)
			.join(', ');
		super(`${where}: ${problem}`);
		this.name = 'GeodataError';
		this.file = file;
		this.record = options.record;
		this.field = options.field;
	}
}

/** JSON.parse that names the file when the text is not JSON. */
export function parseJsonFile(text: string, file: string): unknown {
	try {
		return JSON.parse(text);
	} catch (error) {
		throw new GeodataError(file, `not valid JSON (${(error as Error).message})`);
	}
}

/** A zod error message that tells a missing field from a wrong one. */
export const missingOr = (what: string) => (issue: { input: unknown }) =>
	issue.input === undefined ? 'is missing' : `must be ${what}`;
