ALTER TABLE `declared_conflicts` ADD `need_id` integer REFERENCES needs(id);--> statement-breakpoint
ALTER TABLE `declared_conflicts` ADD `proposal_id` integer REFERENCES proposals(id);--> statement-breakpoint
ALTER TABLE `declared_conflicts` ADD `declared_by` integer REFERENCES users(id);--> statement-breakpoint
CREATE INDEX `declared_conflicts_need_idx` ON `declared_conflicts` (`need_id`);--> statement-breakpoint
ALTER TABLE `needs` ADD `review_settings` text;--> statement-breakpoint
ALTER TABLE `proposals` ADD `topic_id` integer;--> statement-breakpoint
ALTER TABLE `review_assignments` ADD `removed` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `review_assignments` ADD `reason` text;