/** A word as a regular expression matches it literally: its special characters escaped (the one home of this). */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
