/** Topic and call enumerations, free of drizzle so the browser bundle can use them. */
export const TOPIC_STATES = ["draft", "submitted", "screening", "returned", "accepted", "rejected", "merged", "published", "withdrawn"] as const;
export type TopicState = (typeof TOPIC_STATES)[number];
export const QUALITY_FLAGS = ["tooBroad", "tooNarrow", "outdated", "premature"] as const;
export type QualityFlag = (typeof QUALITY_FLAGS)[number];
export const URGENCIES = ["low", "normal", "high"] as const;
