CREATE TABLE "knowledge_articles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"category_id" uuid,
	"locale" text NOT NULL,
	"title" text NOT NULL,
	"slug" text NOT NULL,
	"body_markdown" text DEFAULT '' NOT NULL,
	"body_html" text DEFAULT '' NOT NULL,
	"body_text" text DEFAULT '' NOT NULL,
	"example_questions" text[] DEFAULT '{}'::text[] NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"helpful_count" integer DEFAULT 0 NOT NULL,
	"not_helpful_count" integer DEFAULT 0 NOT NULL,
	"author_agent_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector(case when locale = 'de' then 'german'::regconfig else 'english'::regconfig end, coalesce(title, '')), 'A') || setweight(to_tsvector(case when locale = 'de' then 'german'::regconfig else 'english'::regconfig end, coalesce(search_text, '')), 'B')) STORED,
	CONSTRAINT "knowledge_articles_locale_check" CHECK ("knowledge_articles"."locale" in ('en', 'de')),
	CONSTRAINT "knowledge_articles_status_check" CHECK ("knowledge_articles"."status" in ('draft', 'published'))
);
--> statement-breakpoint
CREATE TABLE "knowledge_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"locale" text NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "knowledge_categories_locale_check" CHECK ("knowledge_categories"."locale" in ('en', 'de'))
);
--> statement-breakpoint
CREATE TABLE "bot_channel_settings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_channel_settings_mode_check" CHECK ("bot_channel_settings"."mode" in ('off', 'always', 'outside_business_hours'))
);
--> statement-breakpoint
CREATE TABLE "bot_conversations" (
	"conversation_id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"state" text NOT NULL,
	"step" text,
	"language" text,
	"intent" text,
	"confidence" real,
	"article_id" uuid,
	"question_index" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"handoff_reason" text,
	"first_message" text,
	"last_message_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bot_conversations_state_check" CHECK ("bot_conversations"."state" in ('bot_active', 'waiting_for_human', 'assigned', 'solved_by_bot'))
);
--> statement-breakpoint
CREATE TABLE "bot_intents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"examples" text[] DEFAULT '{}'::text[] NOT NULL,
	"article_id" uuid,
	"questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"outcome" jsonb DEFAULT '{"topic":null,"category":null,"priority":null,"level":null,"teamId":null}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bot_settings" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"confidence_threshold" real,
	"is_llm_enabled" boolean DEFAULT false NOT NULL,
	"llm_base_url" text,
	"llm_api_key" text,
	"llm_model" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "slug" text;--> statement-breakpoint
-- Existing accounts get a slug derived from their id (unique, stable) before it becomes required.
UPDATE "accounts" SET "slug" = 'account-' || left(replace("id"::text, '-', ''), 12) WHERE "slug" IS NULL;--> statement-breakpoint
ALTER TABLE "accounts" ALTER COLUMN "slug" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD CONSTRAINT "knowledge_articles_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD CONSTRAINT "knowledge_articles_category_id_knowledge_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."knowledge_categories"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_articles" ADD CONSTRAINT "knowledge_articles_author_agent_id_agents_id_fk" FOREIGN KEY ("author_agent_id") REFERENCES "public"."agents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "knowledge_categories" ADD CONSTRAINT "knowledge_categories_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_channel_settings" ADD CONSTRAINT "bot_channel_settings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_channel_settings" ADD CONSTRAINT "bot_channel_settings_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_conversations" ADD CONSTRAINT "bot_conversations_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_conversations" ADD CONSTRAINT "bot_conversations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_conversations" ADD CONSTRAINT "bot_conversations_article_id_knowledge_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."knowledge_articles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_intents" ADD CONSTRAINT "bot_intents_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_intents" ADD CONSTRAINT "bot_intents_article_id_knowledge_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."knowledge_articles"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bot_settings" ADD CONSTRAINT "bot_settings_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_articles_slug_unique" ON "knowledge_articles" USING btree ("account_id","locale","slug");--> statement-breakpoint
CREATE INDEX "knowledge_articles_account_idx" ON "knowledge_articles" USING btree ("account_id","status","locale");--> statement-breakpoint
CREATE INDEX "knowledge_articles_category_idx" ON "knowledge_articles" USING btree ("category_id");--> statement-breakpoint
CREATE INDEX "knowledge_articles_search_idx" ON "knowledge_articles" USING gin ("search_vector");--> statement-breakpoint
CREATE UNIQUE INDEX "knowledge_categories_slug_unique" ON "knowledge_categories" USING btree ("account_id","locale","slug");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_channel_settings_channel_unique" ON "bot_channel_settings" USING btree ("channel_id");--> statement-breakpoint
CREATE INDEX "bot_channel_settings_account_idx" ON "bot_channel_settings" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "bot_conversations_account_idx" ON "bot_conversations" USING btree ("account_id","state");--> statement-breakpoint
CREATE UNIQUE INDEX "bot_intents_name_unique" ON "bot_intents" USING btree ("account_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_slug_unique" ON "accounts" USING btree ("slug");