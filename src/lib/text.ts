/**
 * Whether a text is free of U+0000: nobody types it, and PostgreSQL's text cannot hold it (the
 * query fails), so input carrying it is refused or cleaned before it reaches the database.
 */
export const hasNoNul = (value: string): boolean => !value.includes('\u0000');
