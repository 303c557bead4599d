/** A piece of a source citation: plain text, or a web address to link. */
export type CitationPart = { text: string; href?: string };

// Stops at whitespace and at closing brackets or punctuation that end a sentence, not the URL.
const URL_PATTERN = /https?:\/\/[^\s<>"]+?(?=[),;.]?(?:\s|$)|\)|$)/g;

/** Splits a citation into text and links, so every URL a source names can be followed. */
export function citationParts(citation: string): CitationPart[] {
	const parts: CitationPart[] = [];
	let last = 0;
	for (const match of citation.matchAll(URL_PATTERN)) {
		const at = match.index ?? 0;
		if (at > last) parts.push({ text: citation.slice(last, at) });
		parts.push({ text: match[0], href: match[0] });
		last = at + match[0].length;
	}
	if (last < citation.length) parts.push({ text: citation.slice(last) });
	return parts;
}
