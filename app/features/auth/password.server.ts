import fs from "node:fs";
import path from "node:path";
import argon2 from "argon2";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "#db/client";
import { settings } from "#db/schema";
import type { Bilingual } from "~/lib/errors";

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): safe and fast enough for a sign-in. */
const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/** Spends the same time as a real check, so an unknown e-mail cannot be told apart by timing. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("dummy-password-for-timing");
  await verifyPassword(await dummyHash, password);
}

/* ---------------------------------------------------------------- policy */

/** The floor no setting can go below. */
export const MIN_PASSWORD_LENGTH = 10;
/** Guards argon2 against megabyte-long "passwords". */
export const MAX_PASSWORD_LENGTH = 200;
export const PASSWORD_POLICY_KEY = "passwordPolicy";

export const passwordPolicySchema = z.object({
  minLength: z.coerce
    .number({ invalid_type_error: "请输入数字 / Enter a number" })
    .int("请输入整数 / Enter a whole number")
    .min(MIN_PASSWORD_LENGTH, `最短长度不能低于 ${MIN_PASSWORD_LENGTH} / The minimum length cannot be below ${MIN_PASSWORD_LENGTH}`)
    .max(64, "最短长度不能超过 64 / The minimum length cannot exceed 64"),
  requireClasses: z.coerce
    .number({ invalid_type_error: "请输入数字 / Enter a number" })
    .int("请输入整数 / Enter a whole number")
    .min(1, "字符类别数应在 1 到 4 之间 / Character classes must be between 1 and 4")
    .max(4, "字符类别数应在 1 到 4 之间 / Character classes must be between 1 and 4"),
});
export type PasswordPolicy = z.infer<typeof passwordPolicySchema>;

export function defaultPasswordPolicy(): PasswordPolicy {
  const classes = Number(process.env.PASSWORD_REQUIRE_CLASSES ?? 2);
  return { minLength: MIN_PASSWORD_LENGTH, requireClasses: Number.isInteger(classes) && classes >= 1 && classes <= 4 ? classes : 2 };
}

/** The security administrator's setting when there is one, else the environment's default. */
export function getPasswordPolicy(db: DbOrTx): PasswordPolicy {
  const row = db.select().from(settings).where(eq(settings.key, PASSWORD_POLICY_KEY)).get();
  const parsed = row ? passwordPolicySchema.safeParse(row.value) : null;
  return parsed?.success ? parsed.data : defaultPasswordPolicy();
}

let common: Set<string> | null = null;
/** The shipped list (app/features/auth/common-passwords.txt), read once. */
export function commonPasswords(): Set<string> {
  if (!common) {
    const file = path.resolve(process.cwd(), "app/features/auth/common-passwords.txt");
    common = new Set(
      fs
        .readFileSync(file, "utf8")
        .split(/\r?\n/)
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l && !l.startsWith("#")),
    );
  }
  return common;
}

export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  const lower = password.toLowerCase();
  // "Password123!" is "password123" with a symbol stuck on: just as guessable
  const trimmed = lower.replace(/[^a-z0-9]+$/, "").replace(/^[^a-z0-9]+/, "");
  return list.has(lower) || list.has(trimmed);
}

export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length;
}

export type PolicyRule = "minLength" | "maxLength" | "classes" | "common" | "personal";
export type PolicyFailure = { rule: PolicyRule; message: Bilingual };

/** Every rule the password breaks, each with its own message in both languages (empty: acceptable). */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy, context: { email?: string | null; displayName?: string | null } = {}): PolicyFailure[] {
  const failures: PolicyFailure[] = [];
  const length = [...password].length;
  if (length < policy.minLength)
    failures.push({ rule: "minLength", message: { zh: `密码至少需要 ${policy.minLength} 个字符。`, en: `The password needs at least ${policy.minLength} characters.` } });
  if (length > MAX_PASSWORD_LENGTH)
    failures.push({ rule: "maxLength", message: { zh: `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符。`, en: `The password cannot be longer than ${MAX_PASSWORD_LENGTH} characters.` } });
  if (characterClasses(password) < policy.requireClasses)
    failures.push({
      rule: "classes",
      message: {
        zh: `密码需包含以下至少 ${policy.requireClasses} 类字符：小写字母、大写字母、数字、符号。`,
        en: `The password needs at least ${policy.requireClasses} of these kinds of character: lower-case letters, upper-case letters, digits, symbols.`,
      },
    });
  if (isCommonPassword(password))
    failures.push({ rule: "common", message: { zh: "这是常见密码，很容易被猜中，请换一个。", en: "This is a common password that is easy to guess; choose another." } });
  const lower = password.toLowerCase();
  const local = context.email?.split("@")[0]?.toLowerCase() ?? "";
  const name = context.displayName?.trim().toLowerCase() ?? "";
  if ((local.length >= 3 && lower.includes(local)) || (name.length >= 2 && lower.includes(name)))
    failures.push({ rule: "personal", message: { zh: "密码不能包含您的邮箱名或姓名。", en: "The password cannot contain your e-mail name or your name." } });
  return failures;
}

/** The policy as a sentence, shown beside every new-password field. */
export function describePasswordPolicy(policy: PasswordPolicy): Bilingual {
  return {
    zh: `至少 ${policy.minLength} 个字符，包含至少 ${policy.requireClasses} 类字符（小写字母、大写字母、数字、符号），不能是常见密码，不能包含邮箱名或姓名。`,
    en: `At least ${policy.minLength} characters, with at least ${policy.requireClasses} kinds of character (lower case, upper case, digits, symbols); not a common password and not containing your e-mail name or your name.`,
  };
}
