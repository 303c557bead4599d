import type { MessageKey } from '../i18n/index.ts';

/**
 * A refusal of the data-access module (not signed in, not allowed, not found, outdated version,
 * bad field): routes turn it into a status and a message in the user's language.
 */
export class RefusalError extends Error {
	readonly status: number;
	readonly key: MessageKey;
	readonly params: Record<string, string>;
	constructor(status: number, key: MessageKey, params: Record<string, string> = {}) {
		super(key);
		this.status = status;
		this.key = key;
		this.params = params;
	}
}
