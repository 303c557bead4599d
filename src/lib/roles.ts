/**
 * What a role may do, as the browser shows it (the database decides again: public.is_reviewer()
 * and public.is_moderator() in the migrations hold the same rules).
 */
export const isReviewer = (role: string | null | undefined) =>
	role === 'reviewer' || role === 'admin';

/** Moderators hide and restore; reviewers and admins moderate too. */
export const isModerator = (role: string | null | undefined) =>
	role === 'moderator' || isReviewer(role);
