CREATE TABLE `call_topics` (
	`call_id` integer NOT NULL,
	`topic_id` integer NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`call_id`, `topic_id`),
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `call_versions` (
	`call_id` integer NOT NULL,
	`number` integer NOT NULL,
	`snapshot` text NOT NULL,
	`change_notice` text DEFAULT '' NOT NULL,
	`published_at` integer NOT NULL,
	PRIMARY KEY(`call_id`, `number`),
	FOREIGN KEY (`call_id`) REFERENCES `calls`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer,
	`title` text NOT NULL,
	`intro_markdown` text DEFAULT '' NOT NULL,
	`eligibility` text DEFAULT '' NOT NULL,
	`budget` text DEFAULT '' NOT NULL,
	`opens_on` text NOT NULL,
	`closes_on` text NOT NULL,
	`contacts` text DEFAULT '' NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`published_version` integer DEFAULT 0 NOT NULL,
	`published_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`link` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`year` integer NOT NULL,
	`opens_on` text,
	`closes_on` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `topic_bundle_sources` (
	`bundle_id` integer NOT NULL,
	`source_id` integer NOT NULL,
	`previous_state` text NOT NULL,
	PRIMARY KEY(`bundle_id`, `source_id`),
	FOREIGN KEY (`bundle_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `topic_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic_id` integer NOT NULL,
	`at` integer NOT NULL,
	`actor_user_id` integer,
	`actor_label` text NOT NULL,
	`kind` text NOT NULL,
	`from_state` text,
	`to_state` text,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `topic_events_topic_idx` ON `topic_events` (`topic_id`,`at`);--> statement-breakpoint
CREATE TABLE `topic_sponsors` (
	`topic_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	PRIMARY KEY(`topic_id`, `organisation_id`),
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`author_user_id` integer,
	`self_initiated` integer DEFAULT false NOT NULL,
	`title` text NOT NULL,
	`policy_need` text DEFAULT '' NOT NULL,
	`research_questions` text DEFAULT '' NOT NULL,
	`expected_outputs` text NOT NULL,
	`policy_area` text DEFAULT '' NOT NULL,
	`discipline` text DEFAULT '' NOT NULL,
	`budget_range` text DEFAULT '' NOT NULL,
	`timeline` text DEFAULT '' NOT NULL,
	`urgency` text DEFAULT 'normal' NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`flags` text NOT NULL,
	`reviewer_comment` text DEFAULT '' NOT NULL,
	`tags` text NOT NULL,
	`duplicate_ack` text,
	`dedup_level` text,
	`dedup_matches` text,
	`merged_into` integer,
	`is_bundle` integer DEFAULT false NOT NULL,
	`submitted_at` integer,
	`screening_started_at` integer,
	`decided_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `rounds`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `topics_round_idx` ON `topics` (`round_id`,`state`);--> statement-breakpoint
CREATE INDEX `topics_org_idx` ON `topics` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `topics_state_idx` ON `topics` (`state`,`submitted_at`);