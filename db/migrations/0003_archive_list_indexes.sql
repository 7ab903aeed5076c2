CREATE INDEX `projects_funder_year_idx` ON `projects` (`funder`,`year`);--> statement-breakpoint
CREATE INDEX `projects_category_idx` ON `projects` (`category`,`year`);--> statement-breakpoint
CREATE INDEX `projects_grade_idx` ON `projects` (`grade`,`year`);--> statement-breakpoint
CREATE INDEX `projects_title_idx` ON `projects` (`title`);--> statement-breakpoint
CREATE INDEX `projects_pi_name_idx` ON `projects` (`pi_name`);