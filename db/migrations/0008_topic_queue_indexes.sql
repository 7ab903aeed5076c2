CREATE INDEX `topics_queue_idx` ON `topics` (coalesce("submitted_at", "created_at"),`id`,`state`);--> statement-breakpoint
CREATE INDEX `topics_discipline_idx` ON `topics` (`discipline`);
