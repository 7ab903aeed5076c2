import { defineVerb } from "~/lib/verb.server";
import { getPasswordPolicy, PASSWORD_POLICY_KEY, passwordPolicySchema } from "./password.server";
import { settings } from "#db/schema";

/** The security administrator sets the password rules; new and changed passwords follow them at once. */
export const updatePasswordPolicy = defineVerb({
  name: "security.password_policy",
  permission: "manage:security",
  input: passwordPolicySchema,
  run: (tx, input, ctx) => {
    const before = getPasswordPolicy(tx);
    tx.insert(settings)
      .values({ key: PASSWORD_POLICY_KEY, value: input, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: settings.key, set: { value: input, updatedAt: ctx.now } })
      .run();
    return { before, after: input };
  },
  audit: (r) => ({ entityType: "setting", entityId: PASSWORD_POLICY_KEY, detail: r }),
});
