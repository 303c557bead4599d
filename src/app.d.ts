import type { Lang } from '#lib/i18n/index.ts';

declare global {
	namespace App {
		interface Locals {
			lang: Lang;
			/** The signed-in member, or null for an anonymous visitor. */
			member: import('#lib/server/auth/accounts.ts').Member | null;
			/** The address people reach the atlas at (scheme, host, port), for links and cookies. */
			origin: string;
			/** Set when the database refused work as too busy: seconds to wait before retrying. */
			overloaded?: number;
		}
		interface Error {
			message: string;
		}
	}
}

export {};
