ALTER TABLE `notifications` ADD `title_en` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `notifications` ADD `subject_type` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `subject_id` integer;--> statement-breakpoint
CREATE INDEX `notifications_user_created_idx` ON `notifications` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_subject_idx` ON `notifications` (`subject_type`,`subject_id`);--> statement-breakpoint
UPDATE `notifications` SET `subject_type` = 'topic', `subject_id` = CAST(substr(`link`, 9) AS INTEGER) WHERE `kind` LIKE 'topic.%' AND `link` LIKE '/topics/%';--> statement-breakpoint
INSERT INTO `notifications` (`user_id`, `kind`, `title`, `title_en`, `body`, `link`, `subject_type`, `subject_id`, `created_at`, `read_at`)
  SELECT `user_id`, `kind`, `text`, `text_en`, '', CASE WHEN `need_id` IS NULL THEN NULL ELSE '/needs/' || `need_id` END, CASE WHEN `need_id` IS NULL THEN NULL ELSE 'need' END, `need_id`, `created_at`, `read_at`
  FROM `need_notifications` ORDER BY `created_at`, `id`;--> statement-breakpoint
DROP TABLE `need_notifications`;
