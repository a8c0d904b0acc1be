/**
 * A table of prompt ids that code picks at run time and says later — a wording by case, a sentence by kind.
 * The same table at run time; written through this so the prompts' check (test/knowledge/prompts.test.ts) finds
 * it, counts its ids as used and holds every one of them to exist in prompts/ — an id said only through a table
 * would otherwise fail at a person's turn, not in a test.
 */
export function promptTable<const T extends object>(table: T): T {
  return table;
}
