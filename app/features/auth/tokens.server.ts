import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

/** 32 random bytes (256 bits, above the guide's 120) encoded base32: the secret the browser or e-mail holds. */
export function generateToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** What the database stores instead of a token. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/** A token this portal could have issued (base32, 52 characters for 32 bytes); anything else is refused unread. */
export function isWellFormedToken(token: string | null | undefined): token is string {
  return typeof token === "string" && /^[a-z2-7]{40,64}$/.test(token);
}
