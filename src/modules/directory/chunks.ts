/** Long lists are looked up 1000 at a time: one statement's parameters stay well under PostgreSQL's limit of 65,535. */
export function chunks<T>(values: readonly T[], size = 1000): T[][] {
  const parts: T[][] = [];
  for (let start = 0; start < values.length; start += size) parts.push(values.slice(start, start + size));
  return parts;
}
