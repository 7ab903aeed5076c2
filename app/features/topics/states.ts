import type { TopicState } from "#db/schema/topic-states";

/**
 * The topic state machine, written out as a table. `by` names who may make the move:
 * `owner` — an admin or member of the topic's organisation (permission `propose:topic`);
 * `reviewer` — the management office (`review:topic`). Moves with `via` are made only by the
 * named verb (a merge, its undo, a call's publication), never by a plain transition.
 */
export type Role = "owner" | "reviewer";
export type Transition = { from: TopicState; to: TopicState; by: Role; via?: "merge" | "unmerge" | "publish"; needsNote?: boolean };

export const TRANSITIONS: readonly Transition[] = [
  { from: "draft", to: "submitted", by: "owner" },
  { from: "returned", to: "submitted", by: "owner" },
  { from: "draft", to: "withdrawn", by: "owner" },
  { from: "submitted", to: "withdrawn", by: "owner" },
  { from: "returned", to: "withdrawn", by: "owner" },
  { from: "submitted", to: "screening", by: "reviewer" },
  { from: "screening", to: "returned", by: "reviewer", needsNote: true },
  { from: "screening", to: "accepted", by: "reviewer" },
  { from: "screening", to: "rejected", by: "reviewer", needsNote: true },
  // a reviewer may reopen an accepted topic that has not been published
  { from: "accepted", to: "screening", by: "reviewer" },
  { from: "submitted", to: "merged", by: "reviewer", via: "merge" },
  { from: "screening", to: "merged", by: "reviewer", via: "merge" },
  { from: "accepted", to: "merged", by: "reviewer", via: "merge" },
  { from: "merged", to: "submitted", by: "reviewer", via: "unmerge" },
  { from: "merged", to: "screening", by: "reviewer", via: "unmerge" },
  { from: "merged", to: "accepted", by: "reviewer", via: "unmerge" },
  { from: "accepted", to: "published", by: "reviewer", via: "publish" },
];

/** The move a plain `topic.transition` may make from `from` to `to`, if any. */
export function findTransition(from: TopicState, to: TopicState): Transition | undefined {
  return TRANSITIONS.find((t) => t.from === from && t.to === to && !t.via);
}

/** The plain moves open from a state for a role. */
export function movesFrom(from: TopicState, role: Role): Transition[] {
  return TRANSITIONS.filter((t) => t.from === from && t.by === role && !t.via);
}

/** States an owner may still edit the text in. */
export const EDITABLE_BY_OWNER: readonly TopicState[] = ["draft", "returned"];
/** States a reviewer may edit categories, flags and bundle text in. */
export const EDITABLE_BY_REVIEWER: readonly TopicState[] = ["submitted", "screening", "accepted"];
