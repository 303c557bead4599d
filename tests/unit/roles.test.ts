import { describe, expect, it } from 'vitest';
import { isModerator, isReviewer } from '../../src/lib/roles.ts';
import { ROLES } from '../../src/lib/types.ts';

describe('roles as the pages show them', () => {
	it('the cabina di regia (reviewers, admins) reviews; moderators moderate with it', () => {
		expect(ROLES.filter(isReviewer)).toEqual(['reviewer', 'admin']);
		expect(ROLES.filter(isModerator)).toEqual(['moderator', 'reviewer', 'admin']);
		expect(isModerator(null)).toBe(false);
	});
});
