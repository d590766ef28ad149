/** The authentication contract: a scheme reads a request and names who sent it. */

/** Who sent a request. */
export interface Principal {
  /** The stable id of the caller; it becomes the `userId` of every run it starts. */
  subject: string;
  /** Which scheme authenticated it (`api-key`, `jwt`, or a custom scheme's name). */
  scheme: string;
  /** Scopes or roles, when the scheme gives them. */
  scopes?: readonly string[];
  /** The token's claims (JWT) or what a custom scheme adds; never the credential itself. */
  claims?: Readonly<Record<string, unknown>>;
}

/**
 * A scheme: returns the principal, `undefined` when the request carries no credential of its kind
 * (the next scheme is tried), or throws an `auth_error` when it carries a bad one.
 */
export type AuthScheme = (request: Request) => Principal | undefined | Promise<Principal | undefined>;

/** Auth settings of a server. */
export interface AuthOptions {
  /** Schemes tried in order; the first that names a principal wins. */
  schemes: AuthScheme[];
  /**
   * Paths served without credentials (exact, or a prefix ending in `*`). Default: `/health`,
   * `/ready`. Every other route — the server's and routes you add to `server.app` — needs a principal.
   */
  public?: string[];
}
