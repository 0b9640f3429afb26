CREATE TABLE "business_hours" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"time_zone" text NOT NULL,
	"weekly_hours" jsonb NOT NULL,
	"holiday_country" text,
	"holiday_state" text,
	"custom_holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_hours_state_check" CHECK ("business_hours"."holiday_state" is null or "business_hours"."holiday_country" is not null)
);
--> statement-breakpoint
CREATE TABLE "business_hours_assignments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"business_hours_id" uuid NOT NULL,
	"team_id" uuid,
	"channel_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_hours_assignments_target_check" CHECK (("business_hours_assignments"."team_id" is null) <> ("business_hours_assignments"."channel_id" is null))
);
--> statement-breakpoint
CREATE TABLE "agent_connections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "presence" text DEFAULT 'offline' NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "presence_choice" text DEFAULT 'online' NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "presence_changed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "max_chats" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "max_open_conversations" integer DEFAULT 25 NOT NULL;--> statement-breakpoint
ALTER TABLE "business_hours" ADD CONSTRAINT "business_hours_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_hours_assignments" ADD CONSTRAINT "business_hours_assignments_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_hours_assignments" ADD CONSTRAINT "business_hours_assignments_business_hours_id_business_hours_id_fk" FOREIGN KEY ("business_hours_id") REFERENCES "public"."business_hours"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_hours_assignments" ADD CONSTRAINT "business_hours_assignments_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_hours_assignments" ADD CONSTRAINT "business_hours_assignments_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_connections" ADD CONSTRAINT "agent_connections_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_connections" ADD CONSTRAINT "agent_connections_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "business_hours_name_unique" ON "business_hours" USING btree ("account_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "business_hours_default_unique" ON "business_hours" USING btree ("account_id") WHERE "business_hours"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "business_hours_assignments_team_unique" ON "business_hours_assignments" USING btree ("team_id");--> statement-breakpoint
CREATE UNIQUE INDEX "business_hours_assignments_channel_unique" ON "business_hours_assignments" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "business_hours_assignments_schedule_idx" ON "business_hours_assignments" USING btree ("business_hours_id");--> statement-breakpoint
CREATE INDEX "agent_connections_agent_idx" ON "agent_connections" USING btree ("agent_id");--> statement-breakpoint
CREATE INDEX "agent_connections_seen_idx" ON "agent_connections" USING btree ("last_seen_at");--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_presence_check" CHECK ("agents"."presence" in ('online', 'away', 'offline') and "agents"."presence_choice" in ('online', 'away'));--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_capacity_check" CHECK ("agents"."max_chats" >= 0 and "agents"."max_open_conversations" >= 0);