declare module "@remix-run/node" {
  interface AppLoadContext {
    /** per-request CSP nonce, set by the server */
    cspNonce: string;
    /** the client's address as the server sees it (trust proxy applies) */
    ip: string;
  }
}
export {};
