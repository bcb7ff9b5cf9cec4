/** PostgreSQL names: quoting, the limits of a role name, and the rotation clone's name. */

/** The suffix AWS's multi-user rotation appends to create the alternate user. */
export const CLONE_SUFFIX = '_clone';
/** PostgreSQL's NAMEDATALEN - 1. */
export const MAX_IDENTIFIER_BYTES = 63;

/** Quotes an identifier (same rule as pg's escapeIdentifier / PostgreSQL's quote_ident). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quotes a literal (same rule as pg's escapeLiteral / PostgreSQL's quote_literal). */
export function quoteLiteral(value: string): string {
  const body = value.replace(/'/g, "''");
  return value.includes('\\') ? `E'${body.replace(/\\/g, '\\\\')}'` : `'${body}'`;
}

/**
 * The alternate username of AWS's multi-user rotation (`get_alt_username`): `<user>_clone` for the
 * base user, the base for the clone.
 */
export function alternateUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX)
    ? username.slice(0, -CLONE_SUFFIX.length)
    : `${username}${CLONE_SUFFIX}`;
}

/** The base user behind a secret's username, which is the clone after every other rotation. */
export function baseUsername(username: string): string {
  return username.endsWith(CLONE_SUFFIX) ? username.slice(0, -CLONE_SUFFIX.length) : username;
}
