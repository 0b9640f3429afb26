CREATE TABLE "assignment_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"team_id" uuid,
	"agent_id" uuid,
	"outcome" text NOT NULL,
	"explanation" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assignment_decisions_outcome_check" CHECK ("assignment_decisions"."outcome" in ('assigned', 'offered', 'queued'))
);
--> statement-breakpoint
CREATE TABLE "assignment_offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"team_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"explanation" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assignment_offers_status_check" CHECK ("assignment_offers"."status" in ('pending', 'accepted', 'declined', 'expired', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "conversation_routing" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"rule_id" uuid,
	"required_skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"routed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"conditions" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "team_assignment_settings" (
	"team_id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"strategy" text DEFAULT 'manual' NOT NULL,
	"offer_timeout_seconds" integer DEFAULT 30 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_assignment_settings_strategy_check" CHECK ("team_assignment_settings"."strategy" in ('manual', 'round_robin', 'least_loaded')),
	CONSTRAINT "team_assignment_settings_timeout_check" CHECK ("team_assignment_settings"."offer_timeout_seconds" between 5 and 600)
);
--> statement-breakpoint
CREATE TABLE "team_rotation" (
	"account_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"last_assigned_at" timestamp with time zone NOT NULL,
	CONSTRAINT "team_rotation_team_id_agent_id_pk" PRIMARY KEY("team_id","agent_id")
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "account_manager_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "queued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "assignment_decisions" ADD CONSTRAINT "assignment_decisions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_decisions" ADD CONSTRAINT "assignment_decisions_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_decisions" ADD CONSTRAINT "assignment_decisions_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_decisions" ADD CONSTRAINT "assignment_decisions_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_offers" ADD CONSTRAINT "assignment_offers_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_offers" ADD CONSTRAINT "assignment_offers_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_offers" ADD CONSTRAINT "assignment_offers_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_offers" ADD CONSTRAINT "assignment_offers_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_routing" ADD CONSTRAINT "conversation_routing_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_routing" ADD CONSTRAINT "conversation_routing_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_routing" ADD CONSTRAINT "conversation_routing_rule_id_routing_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."routing_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "routing_rules" ADD CONSTRAINT "routing_rules_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_assignment_settings" ADD CONSTRAINT "team_assignment_settings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_assignment_settings" ADD CONSTRAINT "team_assignment_settings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_rotation" ADD CONSTRAINT "team_rotation_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_rotation" ADD CONSTRAINT "team_rotation_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_rotation" ADD CONSTRAINT "team_rotation_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "assignment_decisions_conversation_idx" ON "assignment_decisions" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "assignment_offers_pending_unique" ON "assignment_offers" USING btree ("conversation_id") WHERE "assignment_offers"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "assignment_offers_agent_pending_idx" ON "assignment_offers" USING btree ("agent_id") WHERE "assignment_offers"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "assignment_offers_conversation_idx" ON "assignment_offers" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "routing_rules_account_position_idx" ON "routing_rules" USING btree ("account_id","position");--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_account_manager_id_agents_id_fk" FOREIGN KEY ("account_manager_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversations_team_queue_idx" ON "conversations" USING btree ("account_id","team_id","priority_rank" DESC NULLS FIRST,"queued_at","id") WHERE "conversations"."assignee_id" is null and "conversations"."queued_at" is not null and "conversations"."status_kind" in ('new', 'open', 'pending', 'on_hold');