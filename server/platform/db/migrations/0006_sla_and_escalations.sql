CREATE TABLE "conversation_slas" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"policy_id" uuid,
	"is_paused" boolean DEFAULT false NOT NULL,
	"first_response_due_at" timestamp with time zone,
	"first_response_warning_at" timestamp with time zone,
	"first_response_state" text,
	"first_response_warned_at" timestamp with time zone,
	"first_response_breached_at" timestamp with time zone,
	"first_response_at" timestamp with time zone,
	"awaiting_since" timestamp with time zone,
	"next_response_due_at" timestamp with time zone,
	"next_response_warning_at" timestamp with time zone,
	"next_response_state" text,
	"next_response_warned_at" timestamp with time zone,
	"next_response_breached_at" timestamp with time zone,
	"next_response_breach_count" integer DEFAULT 0 NOT NULL,
	"resolution_due_at" timestamp with time zone,
	"resolution_warning_at" timestamp with time zone,
	"resolution_state" text,
	"resolution_warned_at" timestamp with time zone,
	"resolution_breached_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"next_due_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"timer_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"channel_type" text,
	"priority" text,
	"first_response_seconds" integer,
	"next_response_seconds" integer,
	"resolution_seconds" integer,
	"measure" text DEFAULT 'business_hours' NOT NULL,
	"business_hours_id" uuid,
	"warning_percent" smallint DEFAULT 75 NOT NULL,
	"auto_escalation" text DEFAULT 'off' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policies_warning_check" CHECK ("sla_policies"."warning_percent" between 1 and 99),
	CONSTRAINT "sla_policies_measure_check" CHECK ("sla_policies"."measure" in ('business_hours', 'calendar')),
	CONSTRAINT "sla_policies_auto_escalation_check" CHECK ("sla_policies"."auto_escalation" in ('off', 'on_warning', 'on_breach')),
	CONSTRAINT "sla_policies_targets_check" CHECK (coalesce("sla_policies"."first_response_seconds", 1) > 0 and coalesce("sla_policies"."next_response_seconds", 1) > 0 and coalesce("sla_policies"."resolution_seconds", 1) > 0)
);
--> statement-breakpoint
CREATE TABLE "conversation_escalations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"from_level" smallint NOT NULL,
	"to_level" smallint NOT NULL,
	"from_team_id" uuid,
	"to_team_id" uuid,
	"reason" text NOT NULL,
	"note_id" uuid,
	"escalated_by_agent_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_escalations_trigger_check" CHECK ("conversation_escalations"."trigger" in ('agent', 'sla_warning', 'sla_breach', 'reopen', 'sentiment'))
);
--> statement-breakpoint
ALTER TABLE "conversation_slas" ADD CONSTRAINT "conversation_slas_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_slas" ADD CONSTRAINT "conversation_slas_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_slas" ADD CONSTRAINT "conversation_slas_policy_id_sla_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."sla_policies"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_policies" ADD CONSTRAINT "sla_policies_business_hours_id_business_hours_id_fk" FOREIGN KEY ("business_hours_id") REFERENCES "public"."business_hours"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_escalations" ADD CONSTRAINT "conversation_escalations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_escalations" ADD CONSTRAINT "conversation_escalations_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_escalations" ADD CONSTRAINT "conversation_escalations_from_team_id_teams_id_fk" FOREIGN KEY ("from_team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_escalations" ADD CONSTRAINT "conversation_escalations_to_team_id_teams_id_fk" FOREIGN KEY ("to_team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_escalations" ADD CONSTRAINT "conversation_escalations_note_id_messages_id_fk" FOREIGN KEY ("note_id") REFERENCES "public"."messages"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_escalations" ADD CONSTRAINT "conversation_escalations_escalated_by_agent_id_agents_id_fk" FOREIGN KEY ("escalated_by_agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_slas_account_due_idx" ON "conversation_slas" USING btree ("account_id","next_due_at");--> statement-breakpoint
CREATE INDEX "conversation_slas_policy_idx" ON "conversation_slas" USING btree ("policy_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_scope_unique" ON "sla_policies" USING btree ("account_id",coalesce("channel_type", '*'),coalesce("priority", '*'));--> statement-breakpoint
CREATE INDEX "conversation_escalations_conversation_idx" ON "conversation_escalations" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_escalations_account_idx" ON "conversation_escalations" USING btree ("account_id","created_at");