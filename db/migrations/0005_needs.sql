CREATE TABLE `adoptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`proposal_id` integer NOT NULL,
	`kind` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`occurred_on` text NOT NULL,
	`recorded_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `adoptions_proposal_idx` ON `adoptions` (`proposal_id`);--> statement-breakpoint
CREATE TABLE `clarifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer NOT NULL,
	`asked_by` integer,
	`question` text NOT NULL,
	`answer` text,
	`answered_by` integer,
	`created_at` integer NOT NULL,
	`answered_at` integer,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`asked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clarifications_need_idx` ON `clarifications` (`need_id`);--> statement-breakpoint
CREATE TABLE `declared_conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`other_person_id` integer,
	`organisation_id` integer,
	`reason` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`other_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `declared_conflicts_person_idx` ON `declared_conflicts` (`person_id`);--> statement-breakpoint
CREATE TABLE `need_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer,
	`proposal_id` integer,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`size` integer NOT NULL,
	`content` blob NOT NULL,
	`uploaded_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `need_attachments_need_idx` ON `need_attachments` (`need_id`);--> statement-breakpoint
CREATE INDEX `need_attachments_proposal_idx` ON `need_attachments` (`proposal_id`);--> statement-breakpoint
CREATE TABLE `need_invitations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer NOT NULL,
	`person_id` integer,
	`organisation_id` integer,
	`invited_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `need_invitations_need_idx` ON `need_invitations` (`need_id`);--> statement-breakpoint
CREATE INDEX `need_invitations_person_idx` ON `need_invitations` (`person_id`);--> statement-breakpoint
CREATE INDEX `need_invitations_org_idx` ON `need_invitations` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `need_notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`need_id` integer,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`text_en` text NOT NULL,
	`read_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `need_notifications_user_idx` ON `need_notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `need_subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `need_subscriptions_unique` ON `need_subscriptions` (`user_id`,`kind`,`value`);--> statement-breakpoint
CREATE TABLE `needs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`author_user_id` integer,
	`question` text NOT NULL,
	`background` text DEFAULT '' NOT NULL,
	`decision` text DEFAULT '' NOT NULL,
	`deadline` integer NOT NULL,
	`expected_form` text NOT NULL,
	`policy_area` text DEFAULT '' NOT NULL,
	`discipline` text DEFAULT '' NOT NULL,
	`keywords` text NOT NULL,
	`visibility` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `needs_org_idx` ON `needs` (`organisation_id`);--> statement-breakpoint
CREATE INDEX `needs_visibility_idx` ON `needs` (`visibility`,`state`);--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer NOT NULL,
	`author_user_id` integer,
	`person_id` integer,
	`organisation_id` integer,
	`summary` text NOT NULL,
	`approach` text DEFAULT '' NOT NULL,
	`team` text DEFAULT '' NOT NULL,
	`timeline` text DEFAULT '' NOT NULL,
	`cost` real,
	`state` text DEFAULT 'draft' NOT NULL,
	`decision_reason` text,
	`submitted_at` integer,
	`decided_at` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `proposals_need_idx` ON `proposals` (`need_id`,`state`);--> statement-breakpoint
CREATE INDEX `proposals_person_idx` ON `proposals` (`person_id`);--> statement-breakpoint
CREATE TABLE `review_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`need_id` integer NOT NULL,
	`proposal_id` integer NOT NULL,
	`person_id` integer NOT NULL,
	`affinity` real DEFAULT 0 NOT NULL,
	`manual` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`need_id`) REFERENCES `needs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_assignments_unique` ON `review_assignments` (`proposal_id`,`person_id`);--> statement-breakpoint
CREATE INDEX `review_assignments_need_idx` ON `review_assignments` (`need_id`);