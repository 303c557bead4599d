import { config } from 'zod/v4/core';

// The atlas's Content-Security-Policy forbids eval. Zod would probe for it with `new Function`
// (caught, but reported as a CSP violation) to compile faster parsers: it interprets instead.
config({ jitless: true });
